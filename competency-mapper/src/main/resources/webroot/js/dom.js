// Building the page from data without ever parsing data as HTML: text goes in as text nodes.

/** h('p', {class: 'x'}, 'text', child…): an element; attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of `element` with `children`. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function notice(kind, ...children) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

/**
 * A section folded to one line: its heading, and beside it a disclosure (`<details>`, id `{name}-details` for a
 * heading id `{name}-heading`) whose summary says what opening it shows. Open, the content takes the full width.
 */
export function foldedSection(headingId, title, summary, ...children) {
  return h('section', { class: 'panel fold-section', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    h('details', { class: 'fold', id: `${headingId.replace(/-heading$/, '')}-details` },
      h('summary', {}, summary), ...children));
}

/** A message for a feature this hub does not offer yet, so the gap is visible rather than silent. */
export function unavailable(what) {
  return notice('unavailable', h('p', {}, `${what} is not available on this hub yet.`));
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});

export function date(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : DATE.format(d);
}

export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : DATE_TIME.format(d);
}

export function time(iso, text = date(iso)) {
  return iso ? h('time', { datetime: iso }, text) : text;
}

export const STATUS_TEXT = {
  held: 'Held',
  expiring: 'Expiring',
  expired: 'Expired',
  missing: 'Missing',
  revoked: 'Revoked',
};

export function statusBadge(status) {
  const code = STATUS_TEXT[status] ? status : 'missing';
  return h('span', { class: `status status-${code}` }, STATUS_TEXT[code]);
}

/** The first part of an opaque id, enough to tell people apart on screen. */
export function shortId(id) {
  return id ? String(id).slice(0, 8) : '';
}

/** Offers `data` as a file download, built in the page (no request leaves it). */
export function download(filename, data, type = 'application/json') {
  const blob = new Blob([typeof data === 'string' ? data : JSON.stringify(data, null, 2)], { type });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function problemText(e) {
  if (e && e.status === 401) return 'Your sign-in was not accepted (it may have expired). Sign in again.';
  if (e && e.status === 403) return `Your credential is not allowed to do this: ${e.message}`;
  return e && e.message ? e.message : String(e);
}
