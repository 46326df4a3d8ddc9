// Verifier: paste or upload a credential (a signed JWT) and see whether it is valid, and why not.
import { api, ApiProblem } from './api.js';
import { h, replace, notice, unavailable, dateTime, time, problemText } from './dom.js';
import { framework } from './framework.js';

const REASONS = {
  malformed: 'This is not a credential the hub can read (not a signed JWT with a JSON credential inside).',
  'alg-none': 'The credential is not signed.',
  'unsupported-algorithm': 'The credential is signed with an algorithm the hub does not accept.',
  'unknown-key': 'The credential was signed with a key that is not one of the hub\'s keys.',
  'signature-invalid': 'The signature does not match: the credential was changed after it was signed, or signed by someone else.',
  'wrong-issuer': 'The credential was not issued by this hub.',
  'not-yet-valid': 'The credential is not valid yet.',
  expired: 'The credential has expired: the learning it records needs renewing.',
  revoked: 'The credential has been revoked.',
};

function extractToken(text) {
  const value = String(text || '').trim();
  if (value.startsWith('{')) {
    try {
      const parsed = JSON.parse(value);
      if (typeof parsed.credential === 'string') return parsed.credential;
      if (typeof parsed.jwt === 'string') return parsed.jwt;
      if (typeof parsed.clr === 'string') return parsed.clr;
    } catch { /* sent as it is; the hub says what is wrong */ }
  }
  return value;
}

/** When and why a revoked credential was revoked, as the hub recorded it. */
function revocation(answer) {
  if (answer.reason !== 'revoked' || !answer.revokedAt) return null;
  return h('dl', { class: 'credential-details', id: 'revocation' },
    h('dt', {}, 'Revoked on'), h('dd', {}, time(answer.revokedAt, longDate(answer.revokedAt))),
    answer.revocationReason ? [h('dt', {}, 'Reason'), h('dd', { id: 'revocation-reason' }, answer.revocationReason)] : null);
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function longDate(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : LONG_DATE.format(d);
}

/** The competency and stage an achievement stands for, in words (its humanCode and the stage its IRI ends with). */
function competencyAndStage(achievement, fw) {
  if (!fw || !achievement) return {};
  const competency = fw.domains.flatMap((d) => d.competencies).find((c) => c.number === achievement.humanCode);
  const stageCode = achievement.id ? String(achievement.id).split('/').pop() : null;
  const stage = fw.stages.find((s) => s.code === stageCode);
  return {
    competency: competency ? `${competency.number} ${competency.title}` : null,
    stage: stage ? stage.title : null,
  };
}

function describe(credential, fw) {
  if (!credential) return null;
  const subject = credential.credentialSubject || {};
  const achievement = subject.achievement || {};
  const words = competencyAndStage(achievement, fw);
  const issuer = typeof credential.issuer === 'object' ? credential.issuer.name || credential.issuer.id : credential.issuer;
  const name = achievement.name || credential.name || (Array.isArray(credential.type) ? credential.type.join(', ') : credential.type);
  const rows = [
    ['Credential', name],
    ['Competency', words.competency],
    ['Stage', words.stage],
    ['Description', achievement.description],
    ['Issued by', issuer],
    ['Holder', subject.id],
    ['Valid from', credential.validFrom ? time(credential.validFrom, dateTime(credential.validFrom)) : null],
    ['Valid until', credential.validUntil ? time(credential.validUntil, dateTime(credential.validUntil)) : 'No end date'],
  ].filter(([, v]) => v);
  return h('dl', { class: 'credential-details' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function verifierView(main) {
  const text = h('textarea', { id: 'credential-text', name: 'credential', spellcheck: 'false', 'aria-describedby': 'credential-hint' });
  const file = h('input', { type: 'file', id: 'credential-file', accept: '.jwt,.txt,.json,application/vc+jwt,application/json,text/plain' });
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });

  file.addEventListener('change', async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    if (chosen.size > 1024 * 1024) {
      replace(result, notice('error', h('p', {}, 'That file is too large to be a credential.')));
      return;
    }
    text.value = (await chosen.text()).trim();
  });

  const form = h('form', { class: 'panel', id: 'verify-form' },
    h('div', { class: 'field' },
      h('label', { for: 'credential-text' }, 'Credential'),
      h('span', { class: 'hint', id: 'credential-hint' }, 'Paste the signed credential (it starts with eyJ), or choose the file below.'),
      text),
    h('div', { class: 'field' }, h('label', { for: 'credential-file' }, 'Or upload a credential file'), file),
    h('button', { type: 'submit' }, 'Verify'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = extractToken(text.value);
    if (!token) {
      replace(result, notice('error', h('p', {}, 'Paste a credential or choose a file first.')));
      text.focus();
      return;
    }
    replace(result, h('p', {}, 'Checking…'));
    try {
      const answer = await api('/verify', { method: 'POST', body: token, auth: false, headers: { 'Content-Type': 'text/plain' } });
      const fw = await framework().catch(() => null);
      replace(result, answer.verified
        ? h('section', { class: 'panel result-valid', id: 'verify-outcome', 'data-verified': 'true', tabindex: '-1' },
          h('h2', {}, 'Valid'),
          h('p', {}, 'Checked: ', answer.message || 'signature, issuer, dates and revocation status.'),
          describe(answer.credential, fw))
        : h('section', { class: 'panel result-invalid', id: 'verify-outcome', 'data-verified': 'false', 'data-reason': answer.reason || '', tabindex: '-1' },
          h('h2', {}, 'Not valid'),
          h('p', { class: 'lede' }, REASONS[answer.reason] || 'The hub could not verify this credential.'),
          revocation(answer),
          h('p', { class: 'muted' }, 'Details: ', answer.message || answer.reason || 'none'),
          describe(answer.credential, fw)));
      result.querySelector('#verify-outcome').focus();
    } catch (problem) {
      replace(result, problem instanceof ApiProblem && problem.unavailable
        ? unavailable('Checking credentials')
        : notice('error', h('p', {}, problemText(problem))));
    }
  });

  replace(main,
    h('h1', { tabindex: '-1' }, 'Verify a credential'),
    h('p', { class: 'lede' }, 'Check a skills-passport credential someone has shown you: who issued it, whether it was changed, '
      + 'whether it has expired or been revoked.'),
    h('p', { class: 'muted' }, 'No sign-in is needed. Credentials can also be checked offline with the hub\'s public keys at ',
      h('a', { href: '/.well-known/jwks.json' }, '/.well-known/jwks.json'), '.'),
    form,
    result);
}
