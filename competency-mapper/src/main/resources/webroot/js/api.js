// The session (sessionStorage only: gone when the tab closes) and calls to this hub's JSON API.

const KEY = 'ahp-hub.session';

/** The signed-in session: {kind: 'organisation', key, secret} or {kind: 'learner', token}, or null. */
export function session() {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** `organisation`: its name and home page, as GET /organisation answered, for the header. */
export function signInAsOrganisation(key, secret, organisation = null) {
  sessionStorage.setItem(KEY, JSON.stringify({
    kind: 'organisation', key, secret,
    name: organisation && organisation.name, homePage: organisation && organisation.homePage,
  }));
}

export function signInAsLearner(token) {
  sessionStorage.setItem(KEY, JSON.stringify({ kind: 'learner', token }));
}

/** The signed-in person's display name, once their passport says it, for the header. */
export function rememberLearnerName(name) {
  const current = session();
  if (current && current.kind === 'learner' && name) {
    sessionStorage.setItem(KEY, JSON.stringify({ ...current, name }));
  }
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

function authorization(current) {
  if (!current) return null;
  if (current.kind === 'organisation') {
    const bytes = new TextEncoder().encode(`${current.key}:${current.secret}`);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return `Basic ${btoa(binary)}`;
  }
  if (current.kind === 'learner') return `Bearer ${current.token}`;
  return null;
}

/** Problem details type of a 404 for a route this hub does not have. */
const NO_SUCH_ROUTE = 'https://ahp-hub.org/problems/no-such-route';

/**
 * A failed API call: the HTTP status and the API's own message. The API answers RFC 9457 problem details
 * (application/problem+json): the message is their `detail`, else their `title`.
 */
export class ApiProblem extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  /** True when the route does not exist on this hub (a feature not deployed yet). */
  get unavailable() {
    return this.status === 404 && this.body && this.body.type === NO_SUCH_ROUTE;
  }
}

/**
 * Calls the API. `credentials: 'omit'` keeps the browser from showing its own Basic-auth prompt
 * and from sending anything but the Authorization header this page sets.
 */
export async function api(path, { method = 'GET', body, auth = true, as = null, headers = {} } = {}) {
  const sent = { ...headers, Accept: 'application/json, application/problem+json' };
  const current = as || (auth ? session() : null);
  const header = auth ? authorization(current) : null;
  if (header) sent.Authorization = header;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') {
      payload = body;
      if (!sent['Content-Type']) sent['Content-Type'] = 'text/plain';
    } else {
      payload = JSON.stringify(body);
      sent['Content-Type'] = 'application/json';
    }
  }
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: payload, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiProblem(0, 'The hub did not answer. Check your connection and try again.', null);
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = text; }
  }
  if (!response.ok) {
    const problem = parsed && typeof parsed === 'object' ? parsed : {};
    const message = problem.detail || problem.title || `HTTP ${response.status}`;
    throw new ApiProblem(response.status, message, parsed);
  }
  return parsed;
}

/** Like api(), but a route that this hub does not have yet answers `fallback` instead of failing. */
export async function optional(path, fallback, options) {
  try {
    return await api(path, options);
  } catch (e) {
    if (e instanceof ApiProblem && e.unavailable) return fallback;
    throw e;
  }
}

/** Calls the API for a file (a ZIP): its bytes as a Blob, or an ApiProblem as api() throws. */
export async function apiBlob(path) {
  const sent = { Accept: 'application/zip, application/problem+json' };
  const header = authorization(session());
  if (header) sent.Authorization = header;
  let response;
  try {
    response = await fetch(path, { headers: sent, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new ApiProblem(0, 'The hub did not answer. Check your connection and try again.', null);
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiProblem(response.status, problem.detail || problem.title || `HTTP ${response.status}`, problem);
  }
  return response.blob();
}
