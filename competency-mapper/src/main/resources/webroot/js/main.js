// The page's router: one view per hash (#/framework, #/verify, #/sign-in, #/me, #/people, #/people/{id}, #/subscriptions).
import { session, signOut } from './api.js';
import { h, replace, notice, problemText } from './dom.js';
import { frameworkView } from './framework.js';
import { signInView, signInFromLink } from './signin.js';
import { learnerView } from './learner.js';
import { peopleView, personView } from './employer.js';
import { subscriptionsView } from './subscriptions.js';
import { verifierView } from './verifier.js';

const page = document.getElementById('main');
let firstRoute = true;
const TITLES = {
  framework: 'Framework', verify: 'Verify a credential', 'sign-in': 'Sign in', me: 'My passport',
  people: 'People', person: 'Passport', subscriptions: 'Subscriptions',
};
let generation = 0;

function parse(hash) {
  const [path, query] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || '') };
}

function updateChrome(view) {
  const current = session();
  const state = current ? current.kind : 'anonymous';
  for (const item of document.querySelectorAll('#nav [data-needs]')) {
    const needs = item.dataset.needs;
    item.hidden = !(needs === state || (needs === 'signed-in' && current));
  }
  for (const link of document.querySelectorAll('#nav a[data-view]')) {
    const active = link.dataset.view === view || (view === 'person' && link.dataset.view === 'people');
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const who = document.getElementById('who');
  who.textContent = !current ? 'Not signed in'
    : current.kind === 'learner' ? (current.name ? `Signed in as ${current.name}` : 'Signed in as a support worker')
      : current.name ? `Signed in as ${current.name} (credential ${current.key})`
        : `Signed in as organisation credential ${current.key}`;
  document.title = `${TITLES[view] || 'AHP skills passport'} · AHP skills passport`;
}

function go(hash, message) {
  if (location.hash === hash) route(message); else { pendingMessage = message; location.hash = hash; }
}
let pendingMessage = null;

function needSignIn(kind) {
  const current = session();
  return !current || current.kind !== kind;
}

async function route(message) {
  const mine = ++generation;
  message = message || pendingMessage;
  pendingMessage = null;
  const hash = location.hash || '#/framework';
  // A learner sign-in link: …/app/#token=lt_…  (the token never goes to the server in a URL).
  const link = hash.match(/^#token=([^&]+)/);
  if (link) {
    replace(page, h('p', {}, 'Signing you in…'));
    await signInFromLink(decodeURIComponent(link[1]), go);
    return;
  }
  const { parts, params } = parse(hash);
  let view = parts[0] || 'framework';
  if (view === 'people' && parts[1]) view = 'person';
  updateChrome(view);
  const rerender = (text) => { if (mine === generation) route(text); };
  // Each view is built off-page and shown only if it is still the one asked for, so a slow answer
  // for an earlier view (or an earlier sign-in) can never appear after the user moved on or signed out.
  const main = document.createElement('div');
  replace(page, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  try {
    switch (view) {
      case 'framework': await frameworkView(main, params); break;
      case 'verify': verifierView(main, params); break;
      case 'sign-in': signInView(main, params, go, message); message = null; break;
      case 'me':
        if (needSignIn('learner')) { go('#/sign-in', 'Sign in with your sign-in link to see your passport.'); return; }
        await learnerView(main, params, rerender); break;
      case 'people':
        if (needSignIn('organisation')) { go('#/sign-in', 'Sign in with your organisation\'s credential to see people.'); return; }
        await peopleView(main, params); break;
      case 'person':
        if (needSignIn('organisation')) { go('#/sign-in', 'Sign in with your organisation\'s credential to see a passport.'); return; }
        await personView(main, parts[1]); break;
      case 'subscriptions':
        if (needSignIn('organisation')) { go('#/sign-in', 'Sign in with your organisation\'s credential to see subscriptions.'); return; }
        await subscriptionsView(main, params, rerender); break;
      default:
        replace(main, h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: '#/framework' }, 'Go to the framework')));
    }
  } catch (e) {
    if (mine !== generation) return;
    if (e && e.status === 401 && session()) {
      signOut();
      go('#/sign-in', 'Your sign-in is no longer accepted. Sign in again.');
      return;
    }
    replace(main, h('h1', { tabindex: '-1' }, TITLES[view] || 'Error'), notice('error', h('p', {}, problemText(e))));
  }
  if (mine !== generation) return;
  page.replaceChildren(...main.childNodes);
  const heading = page.querySelector('h1');
  if (message && heading) heading.after(notice('success', h('p', {}, message)));
  if (heading && !firstRoute) heading.focus();
  firstRoute = false;
  page.dataset.view = view;
  page.dataset.ready = String(mine);
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  generation += 1;
  replace(page);
  go('#/sign-in', 'You have signed out.');
});
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  page.focus();
});
window.addEventListener('hashchange', () => route());
route();
