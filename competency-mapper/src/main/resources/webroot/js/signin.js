// Signing in: an organisation credential (HTTP Basic) or a learner sign-in link / token.
import { api, ApiProblem, signInAsOrganisation, signInAsLearner, signOut } from './api.js';
import { h, replace, notice } from './dom.js';

/**
 * Checks an organisation credential and returns its organisation (GET /organisation: name, home page), or null
 * when the key and secret were not accepted; any other refusal still means they were (an organisation {}).
 */
async function checkOrganisation(key, secret) {
  try {
    return await api('/organisation', { as: { kind: 'organisation', key, secret } });
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) return null;
    if (e instanceof ApiProblem && e.status >= 400 && e.status < 500) return {};
    throw e;
  }
}

async function checkLearner(token) {
  try {
    await api('/me', { as: { kind: 'learner', token } });
    return true;
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) return false;
    throw e;
  }
}

/** A learner token from what was pasted: the token itself or a whole sign-in link. */
export function tokenFrom(text) {
  const value = String(text || '').trim();
  const inLink = value.match(/[#&?]token=([^&\s]+)/);
  return inLink ? decodeURIComponent(inLink[1]) : value;
}

/** Signs in with the token in a sign-in link (…/app/#token=lt_…), then forgets the link. */
export async function signInFromLink(token, done) {
  history.replaceState(null, '', '#/me');
  signOut();
  if (await checkLearner(token)) {
    signInAsLearner(token);
    done('#/me');
  } else {
    done('#/sign-in', 'That sign-in link has expired or was withdrawn. Ask for a new one.');
  }
}

export function signInView(main, params, done, message) {
  const error = h('div', { id: 'sign-in-error' });
  const show = (text) => replace(error, notice('error', h('p', {}, text)));
  if (message) show(message);

  const key = h('input', { type: 'text', id: 'org-key', name: 'key', autocomplete: 'username', required: true, spellcheck: 'false' });
  const secret = h('input', { type: 'password', id: 'org-secret', name: 'secret', autocomplete: 'current-password', required: true });
  const token = h('input', { type: 'password', id: 'learner-token', name: 'token', autocomplete: 'off', required: true, 'aria-describedby': 'learner-token-hint' });

  const organisationForm = h('form', { class: 'panel', id: 'organisation-sign-in', 'aria-labelledby': 'org-heading' },
    h('h2', { id: 'org-heading' }, 'Organisation'),
    h('p', {}, 'Employers and training providers: use your organisation\'s hub credential.'),
    h('div', { class: 'field' }, h('label', { for: 'org-key' }, 'Key'), key),
    h('div', { class: 'field' }, h('label', { for: 'org-secret' }, 'Secret'), secret),
    h('button', { type: 'submit' }, 'Sign in as organisation'));
  organisationForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    try {
      const organisation = await checkOrganisation(key.value.trim(), secret.value);
      if (organisation) {
        signInAsOrganisation(key.value.trim(), secret.value, organisation);
        secret.value = '';
        done('#/people');
      } else {
        show('That key and secret were not accepted.');
        secret.focus();
      }
    } catch (problem) {
      show(problem.message);
    }
  });

  // Shown only when the hub has an OpenID Connect issuer (NHS login, CIS2, Entra ID) configured.
  const withAccount = h('p', { id: 'oidc-sign-in', hidden: true },
    h('a', { class: 'button', href: '/auth/oidc/login?returnTo=%2Fapp%2F' }, 'Sign in with your NHS account'));
  api('/auth/oidc', { auth: false }).then((oidc) => { if (oidc && oidc.enabled) withAccount.hidden = false; })
    .catch(() => {});

  const learnerForm = h('form', { class: 'panel', id: 'learner-sign-in', 'aria-labelledby': 'learner-heading' },
    h('h2', { id: 'learner-heading' }, 'Support worker'),
    withAccount,
    h('p', {}, 'Or open the sign-in link you were given, or paste it (or its token) here.'),
    h('div', { class: 'field' }, h('label', { for: 'learner-token' }, 'Sign-in link or token'),
      h('span', { class: 'hint', id: 'learner-token-hint' }, 'It starts with lt_ or contains #token='), token),
    h('button', { type: 'submit' }, 'Sign in to my passport'));
  learnerForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(error);
    const value = tokenFrom(token.value);
    try {
      if (await checkLearner(value)) {
        signInAsLearner(value);
        token.value = '';
        done('#/me');
      } else {
        show('That sign-in link or token is not valid: it may have expired or been withdrawn.');
        token.focus();
      }
    } catch (problem) {
      show(problem.message);
    }
  });

  replace(main,
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h('p', {}, 'Your sign-in is kept only in this browser tab and is forgotten when you close it.'),
    error,
    h('div', { class: 'forms' }, learnerForm, organisationForm));
}
