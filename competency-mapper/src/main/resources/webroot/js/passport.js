// A passport drawn as the framework's grid (domains down, stages across) and the gap to a stage.
import { h, replace, statusBadge, date, time, shortId, STATUS_TEXT } from './dom.js';
import { domainName } from './framework.js';
import { kindText } from './learning.js';

const CURRENT = new Set(['held', 'expiring']);

/** status of competency `number` at `stage` ('held' | 'expiring' | 'expired' | 'missing'). */
function statusIndex(passport) {
  const index = new Map();
  for (const domain of passport.domains || []) {
    for (const c of domain.competencies || []) index.set(c.number, c.status || {});
  }
  return (number, stage) => (index.get(number) || {})[stage] || 'missing';
}

function heldIndex(passport) {
  const index = new Map();
  for (const c of passport.competencies || []) {
    for (const s of c.stages || []) index.set(`${c.number}|${s.stage}`, s);
  }
  return index;
}

function attainedIndex(passport) {
  const index = new Map();
  for (const d of passport.domains || []) index.set(d.number, d.attainedStages || []);
  return index;
}

/** The first stage not attained in every domain, or null when the passport has reached the last. */
export function nextStage(passport, fw) {
  const attained = attainedIndex(passport);
  for (const stage of fw.stages) {
    if (!fw.domains.every((d) => (attained.get(d.number) || []).includes(stage.code))) return stage;
  }
  return null;
}

export function stageTitle(fw, code) {
  const stage = fw.stages.find((s) => s.code === code);
  return stage ? stage.title : 'No stage yet';
}

/** One piece of evidence in words: what, from whom, when, how it went; the rule and statement as detail. */
export function evidenceItem(e) {
  const kind = kindText(e);
  const training = e.training;
  return h('li', {},
    h('strong', {}, e.title || (training && training.title) || kind), h('br'),
    kind, e.provider ? [' from ', e.provider] : '', ', ', time(e.achievedAt),
    e.outcome ? ` · ${e.outcome}` : '',
    training && training.renewBy ? [h('br'), `${training.framework || 'Statutory and mandatory training'}: `,
      training.subjectTitle || training.title, training.level ? `, level ${training.level}` : '',
      ' · renew by ', time(training.renewBy)]
      : e.validUntil ? [h('br'), 'Valid until ', time(e.validUntil)] : '',
    h('br'),
    h('span', { class: 'muted' }, 'Rule ', e.rule ? `${e.rule.id} v${e.rule.version}` : 'unknown',
      ' · statement ', h('span', { class: 'mono', title: e.statementId }, shortId(e.statementId)),
      e.sourceOrganisation && e.sourceOrganisation !== e.provider ? ` · recorded by ${e.sourceOrganisation}` : ''));
}

/** Counts of competency × stage cells per status. */
export function tally(passport, fw) {
  const status = statusIndex(passport);
  const counts = { held: 0, expiring: 0, expired: 0, missing: 0 };
  for (const d of fw.domains) for (const c of d.competencies) for (const s of fw.stages) counts[status(c.number, s.code)] += 1;
  return counts;
}

/** Who the passport is of, in words: the person's name (and the caller's staff number for them). */
export function personName(passport) {
  return passport.displayName || `Person ${shortId(passport.personId)}`;
}

export function passportSummary(passport, fw) {
  const next = nextStage(passport, fw);
  const names = passport.names || [];
  const stated = names.length ? names[0] : null;
  return h('div', { class: 'panel', id: 'passport-summary' },
    h('p', { class: 'person-name' }, h('strong', { id: 'person-name' }, personName(passport)),
      (passport.staffNumbers || []).length ? [' · staff number ', h('span', { id: 'staff-number' },
        passport.staffNumbers.join(', '))] : ''),
    h('p', {}, 'Stage attained in every domain: ', h('strong', { id: 'overall-stage' }, stageTitle(fw, passport.overallStage)),
      next ? ['. Working towards: ', h('strong', {}, next.title), '.'] : '. Every stage is attained.'),
    h('p', { class: 'muted small' }, stated && stated.statedBy && stated.statedBy.name ? `Name from ${stated.statedBy.name}. ` : '',
      'Version ', String(passport.version), ', updated ', time(passport.updatedAt), '.'));
}

/** A link to a catalogue course (its activity IRI, when that is a web address), named by who offers it. */
function courseLink(course) {
  const text = course.organisation ? `a course from ${course.organisation}` : 'a catalogue course';
  return /^https?:\/\//.test(course.activity)
    ? h('a', { href: course.activity, rel: 'noopener noreferrer', class: 'course-link' }, text)
    : (course.organisation ? text : course.activity);
}

function courseList(label, courses) {
  return (courses || []).length
    ? h('span', { class: 'renew' }, h('br'), `${label}: `, courses.map((c, i) => [i ? '; ' : '', courseLink(c)]))
    : null;
}

/**
 * The passport's actions grouped as one thing to do: the same training (or competency), status, end date and
 * courses, with every competency it stands for listed together.
 */
function groupedActions(actions) {
  const groups = new Map();
  for (const a of actions) {
    const what = (a.training || []).length ? a.training.map((t) => t.title).join(', ') : `${a.competency} ${a.title}`;
    const key = JSON.stringify([what, a.status, a.validUntil, (a.renewWith || []).map((r) => r.activity)]);
    const group = groups.get(key) || { what, status: a.status, validUntil: a.validUntil, renewWith: a.renewWith, items: [] };
    group.items.push(a);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** What needs doing first: expired, then expiring items, each with its training and where to renew it. */
export function actionSection(passport, fw) {
  const actions = groupedActions(passport.actions || []);
  const stagesText = (a) => ((a.stageTitles || []).length === fw.stages.length ? 'every stage' : (a.stageTitles || []).join(', '));
  const item = (g) => h('li', { 'data-action': g.items.map((a) => a.competency).join(' ') },
    statusBadge(g.status), ' ', h('strong', {}, g.what),
    ' · ', g.status === 'expired' ? 'ended ' : 'due ', time(g.validUntil),
    h('br'), h('span', { class: 'muted small' }, g.items.map((a) => `${a.competency} ${a.title}, ${stagesText(a)}`).join('; ')),
    courseList('Renew with', g.renewWith));
  return h('section', { class: 'panel', 'aria-labelledby': 'actions-heading', id: 'actions' },
    h('h2', { id: 'actions-heading' }, 'What needs doing'),
    actions.length
      ? h('ul', { class: 'evidence', id: 'action-list' }, actions.map(item))
      : h('p', { id: 'actions-none' }, 'Nothing has expired or is due in the next 30 days.'));
}

/** One domain's competencies by stage: status, end date, and (folded) the indicator and the evidence in words. */
function domainGrid(passport, fw, d, status, held, attained) {
  const reached = (attained.get(d.number) || []).map((code) => stageTitle(fw, code));
  return h('div', { id: `grid-domain-${d.number}`, class: 'grid-domain-body' },
    h('p', { class: 'attained' }, reached.length ? `Attained: ${reached.join(', ')}` : 'Not attained at any stage yet'),
    h('table', { class: 'passport-grid stack-table' },
      h('caption', { class: 'visually-hidden' }, `${domainName(d)}: competencies by stage`),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Competency'),
        fw.stages.map((s) => h('th', { scope: 'col' }, s.title)))),
      h('tbody', {},
        d.competencies.map((c) => h('tr', {},
          h('th', { scope: 'row' }, `${c.number} ${c.title}`),
          fw.stages.map((s) => {
            const code = status(c.number, s.code);
            const entry = held.get(`${c.number}|${s.code}`);
            const evidence = entry ? entry.evidence || [] : [];
            return h('td', { 'data-label': s.title, 'data-competency': c.number, 'data-stage': s.code, 'data-status': code },
              statusBadge(code),
              entry && entry.validUntil ? h('span', { class: 'cell-until' },
                code === 'expired' ? 'Expired ' : 'Valid until ', time(entry.validUntil)) : null,
              h('details', {},
                h('summary', {}, evidence.length ? `Indicator and evidence (${evidence.length})` : 'Indicator',
                  h('span', { class: 'visually-hidden' }, ` for ${c.number} at ${s.title}`)),
                h('p', { class: 'indicator' }, c.indicators[s.code] || '—'),
                evidence.length ? h('ul', { class: 'evidence' }, evidence.map(evidenceItem))
                  : h('p', { class: 'muted' }, 'No evidence yet.')));
          }))))));
}

/**
 * Progress counted in competencies, per domain and stage, and overall: one table whose rows are the domains,
 * each with a button that unfolds that domain's part of the grid (every competency by stage) beneath it.
 */
export function progressSection(passport, fw, heading = 'Progress by domain') {
  const status = statusIndex(passport);
  const held = heldIndex(passport);
  const attained = attainedIndex(passport);
  const total = fw.domains.reduce((n, d) => n + d.competencies.length, 0);
  const heldIn = (competencies, stage) => competencies.filter((c) => CURRENT.has(status(c.number, stage.code))).length;
  const all = fw.domains.flatMap((d) => d.competencies);
  const columns = fw.stages.length + 1;
  const rows = fw.domains.flatMap((d) => {
    const body = domainGrid(passport, fw, d, status, held, attained);
    const gridRow = h('tr', { class: 'grid-domain', id: `grid-row-${d.number}`, hidden: true },
      h('td', { colspan: String(columns) }, body));
    const toggle = h('button', {
      type: 'button', class: 'domain-toggle', id: `grid-toggle-${d.number}`,
      'aria-expanded': 'false', 'aria-controls': `grid-row-${d.number}`,
    }, domainName(d));
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      gridRow.hidden = !open;
    });
    return [
      h('tr', { class: 'domain-row', 'data-domain': d.number }, h('th', { scope: 'row' }, toggle),
        fw.stages.map((s) => h('td', { 'data-stage': s.code, 'data-label': s.title },
          `${heldIn(d.competencies, s)} of ${d.competencies.length}`))),
      gridRow,
    ];
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'progress-heading', id: 'progress' },
    h('h2', { id: 'progress-heading' }, heading),
    h('div', { id: 'passport-grid' },
      h('table', { class: 'progress-table', id: 'progress-table' },
        h('caption', { class: 'visually-hidden' }, 'Competencies held now, per domain and stage; open a domain for '
          + 'each competency, its indicator and evidence'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Domain'), fw.stages.map((s) => h('th', { scope: 'col' }, s.title)))),
        h('tbody', {},
          h('tr', { class: 'total', id: 'progress-stages' }, h('th', { scope: 'row' }, `All ${total} competencies`),
            fw.stages.map((s) => h('td', { 'data-stage': s.code, 'data-label': s.title }, `${heldIn(all, s)} of ${total}`))),
          rows))));
}

/** The gap to `stageCode`, from the passport alone: what is missing or expired, and what is expiring. */
function localGaps(passport, fw, stageCode) {
  const status = statusIndex(passport);
  const missing = [];
  const expiring = [];
  for (const d of fw.domains) {
    for (const c of d.competencies) {
      const code = status(c.number, stageCode);
      const entry = { number: c.number, title: c.title, status: code, indicator: c.indicators[stageCode] };
      if (!CURRENT.has(code)) missing.push(entry);
      else if (code === 'expiring') expiring.push(entry);
    }
  }
  return { missing, expiring };
}

function gapParts(fw, stageCode, gaps) {
  const stage = fw.stages.find((s) => s.code === stageCode);
  const total = fw.domains.reduce((n, d) => n + d.competencies.length, 0);
  const item = (c) => h('li', { 'data-gap': c.number }, statusBadge(c.status), ' ', h('strong', {}, `${c.number} ${c.title}`),
    h('br'), h('span', { class: 'indicator' }, c.indicator || '—'),
    c.learnWith ? courseList(c.status === 'expiring' ? 'Renew with' : 'Learn with', c.learnWith) : null);
  return {
    sentence: gaps.missing.length
      ? `${gaps.missing.length} of ${total} competencies are still needed for ${stage.title}.`
      : h('strong', {}, `Every competency for ${stage.title} is held.`),
    lists: [
      gaps.missing.length ? h('ul', { class: 'evidence', 'aria-label': `Needed for ${stage.title}` }, gaps.missing.map(item)) : null,
      gaps.expiring.length ? [h('h3', {}, 'Held now, but expiring within 30 days'),
        h('ul', { class: 'evidence' }, gaps.expiring.map(item))] : null,
    ],
  };
}

/**
 * The gap to a stage: how many competencies are still needed for the next one, and, folded, which (with their
 * indicators and the catalogue courses suggested for each, which `load(stage)` asks the hub for when the list
 * is opened) and which are expiring, for any stage chosen.
 */
export function gapSection(passport, fw, load = null) {
  const next = nextStage(passport, fw) || fw.stages[fw.stages.length - 1];
  const select = h('select', { id: 'gap-stage' }, fw.stages.map((s) => h('option', { value: s.code }, s.title)));
  select.value = next.code;
  const sentence = h('p', { id: 'gap-sentence', 'aria-live': 'polite' });
  const holder = h('div', {});
  const note = h('p', { class: 'muted small', id: 'gap-note' });
  const details = h('details', { id: 'gap-details', class: 'fold' }, h('summary', {}, 'Show what is needed, with courses'),
    h('div', { class: 'field' }, h('label', { for: 'gap-stage' }, 'Stage'), select),
    note, holder);
  const fetched = new Map();
  const render = async () => {
    const code = select.value;
    const show = (gaps) => {
      const parts = gapParts(fw, code, gaps);
      replace(sentence, parts.sentence);
      replace(holder, parts.lists);
    };
    show(fetched.get(code) || localGaps(passport, fw, code));
    if (!load || !details.open || fetched.has(code)) return;
    replace(note, 'Finding courses in the catalogue…');
    try {
      const gaps = await load(code);
      fetched.set(code, gaps);
      if (select.value === code) show(gaps);
      replace(note);
    } catch (e) {
      replace(note, 'Suggested courses could not be loaded: ', e && e.message ? e.message : String(e));
    }
  };
  select.addEventListener('change', render);
  details.addEventListener('toggle', () => { if (details.open) render(); });
  render();
  return h('section', { 'aria-labelledby': 'gap-heading', class: 'panel', id: 'gap' },
    h('h2', { id: 'gap-heading' }, 'Gap to the next stage'),
    h('div', { id: 'gap-list' }, sentence, details));
}

/**
 * Statutory and mandatory training falling due, by Core Skills Training Framework subject: per subject, the
 * latest renewal date of its evidence, when that is on or before `days` from now (overdue included), with
 * the competencies it stands for.
 */
export function dueWithin(passport, days, now = Date.now()) {
  const limit = now + days * 86400000;
  const subjects = new Map();
  for (const c of passport.competencies || []) {
    for (const s of c.stages || []) {
      for (const e of s.evidence || []) {
        const t = e.training;
        const until = (t && t.renewBy) || (e.rule && e.rule.id === 'statutory-mandatory-training' ? e.validUntil : null);
        if (!until) continue;
        const key = t ? t.subject : `competency ${c.number}`;
        const entry = subjects.get(key) || { subject: key, title: t ? t.title : `${c.number} ${c.title}`, renewBy: null, competencies: [] };
        if (!entry.renewBy || Date.parse(until) > Date.parse(entry.renewBy)) entry.renewBy = until;
        if (!entry.competencies.includes(c.number)) entry.competencies.push(c.number);
        subjects.set(key, entry);
      }
    }
  }
  return [...subjects.values()]
    .filter((d) => Date.parse(d.renewBy) <= limit)
    .map((d) => ({ ...d, validUntil: d.renewBy, overdue: Date.parse(d.renewBy) <= now }))
    .sort((a, b) => Date.parse(a.renewBy) - Date.parse(b.renewBy));
}

export { date };
