// Employers and training providers: the people they have a relationship with, and one person's passport.
import { api, optional, ApiProblem } from './api.js';
import { h, replace, notice, unavailable, time, date, shortId, problemText, statusBadge, download } from './dom.js';
import { session } from './api.js';
import { framework, domainName } from './framework.js';
import { passportSummary, gapSection, stageTitle, dueWithin, nextStage, actionSection, progressSection, personName } from './passport.js';
import { learningSection } from './learning.js';

function current(relationship, now = Date.now()) {
  return Date.parse(relationship.startsAt) <= now && (!relationship.endsAt || Date.parse(relationship.endsAt) > now);
}

async function settle(promise) {
  try { return { value: await promise }; } catch (error) { return { error }; }
}

export async function peopleView(main, params) {
  replace(main, h('h1', { tabindex: '-1' }, 'People'), h('p', { class: 'loading' }, 'Loading the people you work with…'));
  const fw = await framework();
  let relationships;
  try {
    relationships = await optional('/relationships', null);
  } catch (e) {
    replace(main, h('h1', { tabindex: '-1' }, 'People'), notice('error', h('p', {}, problemText(e))),
      e instanceof ApiProblem && e.status === 403 ? h('p', {}, 'Listing people needs a credential with the person:link scope. '
        + 'You can still open a passport by its person id:') : null,
      openById());
    return;
  }
  if (relationships === null) {
    replace(main, h('h1', { tabindex: '-1' }, 'People'), unavailable('Listing the people you have a relationship with'), openById());
    return;
  }
  const live = (relationships.relationships || []).filter((r) => current(r));
  const pending = live.filter((r) => !r.personId);
  const byPerson = new Map();
  for (const r of live.filter((x) => x.personId)) {
    if (!byPerson.has(r.personId)) byPerson.set(r.personId, []);
    byPerson.get(r.personId).push(r);
  }
  const people = await Promise.all([...byPerson.entries()].map(async ([personId, rels]) => ({
    personId, relationships: rels, passport: await settle(api(`/passports/${encodeURIComponent(personId)}`)),
  })));

  const stage = h('select', { id: 'filter-stage' }, h('option', { value: '' }, 'Any stage'),
    h('option', { value: 'none' }, 'No stage attained yet'),
    fw.stages.map((s) => h('option', { value: s.code }, `${s.title} attained`)));
  const domain = h('select', { id: 'filter-domain' }, h('option', { value: '' }, 'All domains (overall)'),
    fw.domains.map((d) => h('option', { value: String(d.number) }, domainName(d))));
  const due = h('select', { id: 'filter-due' }, h('option', { value: '' }, 'Any'),
    [30, 60, 90].map((n) => h('option', { value: String(n) }, `Due in the next ${n} days (or overdue)`)));
  const text = h('input', { type: 'search', id: 'filter-text', autocomplete: 'off', spellcheck: 'false' });
  for (const [select, name] of [[stage, 'stage'], [domain, 'domain'], [due, 'due'], [text, 'q']]) select.value = params.get(name) || '';
  const count = h('p', { id: 'people-count', role: 'status', 'aria-live': 'polite' });
  const table = h('div', { id: 'people-results' });

  const render = () => {
    const rows = people.filter((person) => {
      const p = person.passport.value;
      if (!p) return !stage.value && !due.value;
      const attained = domain.value
        ? ((p.domains || []).find((d) => String(d.number) === domain.value) || {}).attainedStages || []
        : fw.stages.filter((s) => (p.domains || []).length && p.domains.every((d) => (d.attainedStages || []).includes(s.code)))
          .map((s) => s.code);
      if (stage.value === 'none' && attained.length) return false;
      if (stage.value && stage.value !== 'none' && !attained.includes(stage.value)) return false;
      if (due.value && !dueWithin(p, Number(due.value)).length) return false;
      return true;
    }).filter((person) => {
      const q = text.value.trim().toLowerCase();
      if (!q) return true;
      const p = person.passport.value || {};
      return [p.displayName, ...(p.staffNumbers || []), person.personId].some((v) => v && String(v).toLowerCase().includes(q));
    });
    shown = rows;
    count.textContent = `${rows.length} of ${people.length} ${people.length === 1 ? 'person' : 'people'} shown.`;
    replace(table, rows.length ? h('table', { class: 'stack-table', id: 'people-table' },
      h('thead', {}, h('tr', {}, ['Person', 'Staff number', 'Relationship', 'Stage', 'Statutory and mandatory training due']
        .map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((person) => {
        const p = person.passport.value;
        const dueItems = p && due.value ? dueWithin(p, Number(due.value)) : p ? dueWithin(p, 90) : [];
        return h('tr', { 'data-person': person.personId },
          h('td', { 'data-label': 'Person' }, h('a', { href: `#/people/${person.personId}` },
            p && p.displayName ? p.displayName : ['Person ', h('span', { class: 'mono' }, shortId(person.personId))])),
          h('td', { 'data-label': 'Staff number' }, p && (p.staffNumbers || []).length ? p.staffNumbers.join(', ') : '—'),
          h('td', { 'data-label': 'Relationship' }, person.relationships.map((r, i) => [i ? '; ' : '',
            r.kind === 'enrolment' ? 'Enrolled' : 'Employed', ' since ', time(r.startsAt)])),
          h('td', { 'data-label': 'Stage' }, p ? [stageTitle(fw, p.overallStage), h('br'),
            h('span', { class: 'muted' }, 'next: ', (nextStage(p, fw) || { title: '—' }).title)]
            : person.passport.error && person.passport.error.status === 404 ? 'No passport yet' : problemText(person.passport.error)),
          h('td', { 'data-label': 'Training due' }, dueItems.length
            ? h('ul', { class: 'evidence' }, dueItems.map((d) => h('li', {}, statusBadge(d.overdue ? 'expired' : 'expiring'), ' ',
              h('strong', {}, d.title), ': ', d.overdue ? 'ended ' : 'due ', time(d.validUntil),
              h('span', { class: 'muted' }, ` (${d.competencies.join(', ')})`))))
            : 'Nothing due in 90 days'));
      })))
      : h('p', {}, people.length ? 'Nobody matches these filters.' : 'You have no current relationships with anyone yet.'));
    const q = new URLSearchParams();
    for (const [select, name] of [[stage, 'stage'], [domain, 'domain'], [due, 'due'], [text, 'q']]) if (select.value) q.set(name, select.value);
    history.replaceState(null, '', `#/people${q.toString() ? `?${q}` : ''}`);
  };
  let shown = [];
  for (const select of [stage, domain, due]) select.addEventListener('change', render);
  text.addEventListener('input', render);
  const exportButton = h('button', {
    type: 'button', class: 'secondary', id: 'export-csv',
    onclick: () => download(`people-${new Date().toISOString().slice(0, 10)}.csv`, peopleCsv(shown, fw), 'text/csv'),
  }, 'Download the people shown (CSV)');

  const me = session() || {};
  replace(main,
    h('h1', { tabindex: '-1' }, 'People', me.name ? h('span', { class: 'subtitle' }, ` at ${me.name}`) : ''),
    h('p', {}, 'People your organisation employs or has enrolled now. Opening a passport is recorded in that person\'s audit log.'),
    dueSummary(people),
    h('form', { class: 'panel filters', 'aria-label': 'Filter people', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'filter-text' }, 'Name or staff number'), text),
      h('div', { class: 'field' }, h('label', { for: 'filter-stage' }, 'Stage'), stage),
      h('div', { class: 'field' }, h('label', { for: 'filter-domain' }, 'Domain'), domain),
      h('div', { class: 'field' }, h('label', { for: 'filter-due' }, 'Statutory and mandatory training'), due)),
    count,
    h('div', { class: 'actions' }, exportButton),
    table,
    pending.length ? h('p', { class: 'muted' }, `${pending.length} more relationship${pending.length === 1 ? '' : 's'} recorded by `
      + 'identifier: they appear here once the hub has learning for that person.') : null,
    openById());
  render();
}

/** Counts of people due in 30, 60 and 90 days (and overdue) per statutory training subject. */
function dueSummary(people) {
  const now = Date.now();
  const subjects = new Map();
  for (const person of people) {
    const p = person.passport.value;
    if (!p) continue;
    for (const d of dueWithin(p, 90, now)) {
      const row = subjects.get(d.subject) || { title: d.title, overdue: 0, 30: 0, 60: 0, 90: 0 };
      const days = (Date.parse(d.renewBy) - now) / 86400000;
      if (d.overdue) row.overdue += 1;
      else if (days <= 30) row[30] += 1;
      else if (days <= 60) row[60] += 1;
      else row[90] += 1;
      subjects.set(d.subject, row);
    }
  }
  const rows = [...subjects.values()].sort((a, b) => a.title.localeCompare(b.title));
  return h('section', { class: 'panel', 'aria-labelledby': 'due-heading', id: 'due-summary' },
    h('h2', { id: 'due-heading' }, 'Statutory and mandatory training due'),
    rows.length ? h('table', { id: 'due-table', class: 'progress-table' },
      h('caption', { class: 'visually-hidden' }, 'People due per training subject'),
      h('thead', {}, h('tr', {}, ['Training', 'Overdue', 'In 30 days', '31 to 60', '61 to 90'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.title),
        [r.overdue, r[30], r[60], r[90]].map((n) => h('td', {}, String(n)))))))
      : h('p', {}, 'Nobody has statutory or mandatory training due in the next 90 days.'));
}

/**
 * A CSV cell: quoted when needed; a value a spreadsheet would read as a formula (=, +, -, @, tab, carriage
 * return first) is prefixed with an apostrophe so it stays text.
 */
export function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function peopleCsv(rows, fw) {
  const lines = [['Name', 'Staff number', 'Person id', 'Relationship', 'Stage', 'Next stage', 'Training due (90 days)']];
  for (const person of rows) {
    const p = person.passport.value;
    lines.push([
      p && p.displayName ? p.displayName : '',
      p ? (p.staffNumbers || []).join('; ') : '',
      person.personId,
      person.relationships.map((r) => `${r.kind === 'enrolment' ? 'Enrolled' : 'Employed'} since ${date(r.startsAt)}`).join('; '),
      p ? stageTitle(fw, p.overallStage) : 'No passport yet',
      p ? (nextStage(p, fw) || { title: '' }).title : '',
      p ? dueWithin(p, 90).map((d) => `${d.title} ${d.overdue ? 'ended' : 'due'} ${date(d.renewBy)}`).join('; ') : '',
    ]);
  }
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function openById() {
  const input = h('input', { type: 'text', id: 'open-person', spellcheck: 'false', autocomplete: 'off' });
  const form = h('form', { class: 'panel', id: 'open-person-form' },
    h('div', { class: 'field' }, h('label', { for: 'open-person' }, 'Open a passport by person id'), input),
    h('button', { type: 'submit', class: 'secondary' }, 'Open passport'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) location.hash = `#/people/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

export async function personView(main, personId) {
  replace(main, h('h1', { tabindex: '-1' }, 'Passport'), h('p', { class: 'loading' }, 'Loading…'));
  const fw = await framework();
  let passport;
  try {
    passport = await api(`/passports/${encodeURIComponent(personId)}`);
  } catch (e) {
    replace(main, h('h1', { tabindex: '-1' }, 'Passport'),
      notice('error', h('p', {}, e instanceof ApiProblem && (e.status === 404 || e.status === 400)
        ? 'There is no passport with that id that your organisation can see. You see a person\'s passport only while your '
          + 'organisation employs them or has them enrolled, or while they have given you access.'
        : problemText(e))),
      h('p', {}, h('a', { href: '#/people' }, 'Back to people')));
    return;
  }
  replace(main,
    h('h1', { tabindex: '-1' }, 'Passport of ', personName(passport)),
    h('p', {}, h('a', { href: '#/people' }, 'Back to people')),
    passportSummary(passport, fw),
    passport.view === 'contributed' ? notice('status', h('p', {}, 'You see only the evidence your organisation contributed: '
      + 'this person has not given you access to the whole passport.')) : actionSection(passport, fw),
    progressSection(passport, fw),
    gapSection(passport, fw, (stage) => api(`/passports/${encodeURIComponent(personId)}/gaps?stage=${encodeURIComponent(stage)}`)),
    learningSection(passport));
}
