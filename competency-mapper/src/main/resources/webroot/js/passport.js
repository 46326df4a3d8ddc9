// A passport drawn as the framework's grid (domains down, stages across) and the gap to a stage.
import { h, replace, statusBadge, date, time, shortId, STATUS_TEXT } from './dom.js';
import { domainName } from './framework.js';

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

function evidenceItem(e) {
  const kind = e.kind === 'assessed-practice' ? 'Assessed practice' : 'Learning';
  return h('li', {},
    h('strong', {}, kind), ' from ', h('strong', {}, e.sourceOrganisation || 'an unnamed organisation'),
    ', achieved ', time(e.achievedAt),
    e.validUntil ? [', valid until ', time(e.validUntil)] : ', no end date',
    h('br'),
    h('span', { class: 'muted' }, 'Statement ', h('span', { class: 'mono', title: e.statementId }, shortId(e.statementId)),
      ` · rule ${e.rule ? `${e.rule.id} v${e.rule.version}` : 'unknown'}`,
      e.basis ? ` · ${e.basis}` : ''));
}

/** Counts of competency × stage cells per status. */
export function tally(passport, fw) {
  const status = statusIndex(passport);
  const counts = { held: 0, expiring: 0, expired: 0, missing: 0 };
  for (const d of fw.domains) for (const c of d.competencies) for (const s of fw.stages) counts[status(c.number, s.code)] += 1;
  return counts;
}

export function passportSummary(passport, fw) {
  const counts = tally(passport, fw);
  const next = nextStage(passport, fw);
  return h('div', { class: 'panel', id: 'passport-summary' },
    h('p', {}, 'Person ', h('span', { class: 'mono' }, passport.personId), h('br'),
      'Stage attained in every domain: ', h('strong', { id: 'overall-stage' }, stageTitle(fw, passport.overallStage)),
      h('br'), 'Passport version ', String(passport.version), ', updated ', time(passport.updatedAt)),
    h('ul', { class: 'legend', 'aria-label': 'Competency × stage counts' },
      Object.keys(STATUS_TEXT).map((s) => h('li', {}, statusBadge(s), ` ${counts[s]}`))),
    next ? h('p', {}, 'Next stage: ', h('strong', {}, next.title), '.') : h('p', {}, 'Every stage is attained.'));
}

export function passportGrid(passport, fw) {
  const status = statusIndex(passport);
  const held = heldIndex(passport);
  const attained = attainedIndex(passport);
  return h('div', { class: 'grid-scroll' },
    h('table', { class: 'passport-grid stack-table', id: 'passport-grid' },
      h('caption', {}, 'Competencies by stage: held, expiring (within 30 days), expired or missing'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Competency'),
        fw.stages.map((s) => h('th', { scope: 'col' }, s.title)))),
      fw.domains.map((d) => {
        const reached = (attained.get(d.number) || []).map((code) => stageTitle(fw, code));
        return h('tbody', { id: `grid-domain-${d.number}` },
          h('tr', {}, h('th', { scope: 'rowgroup', colspan: String(fw.stages.length + 1) }, domainName(d),
            h('span', { class: 'attained' }, reached.length ? `Attained: ${reached.join(', ')}` : 'Not attained at any stage yet'))),
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
            }))));
      })));
}

/** The gap to `stageCode`: what is missing or expired (with each indicator), and what is expiring. */
export function gapList(passport, fw, stageCode) {
  const status = statusIndex(passport);
  const stage = fw.stages.find((s) => s.code === stageCode);
  const missing = [];
  const expiring = [];
  for (const d of fw.domains) {
    for (const c of d.competencies) {
      const code = status(c.number, stageCode);
      if (!CURRENT.has(code)) missing.push({ d, c, code });
      else if (code === 'expiring') expiring.push({ d, c, code });
    }
  }
  const item = ({ c, code }) => h('li', {}, statusBadge(code), ' ', h('strong', {}, `${c.number} ${c.title}`),
    h('br'), h('span', { class: 'indicator' }, c.indicators[stageCode] || '—'));
  return h('div', { id: 'gap-list' },
    missing.length
      ? h('p', {}, `${missing.length} of ${fw.domains.reduce((n, d) => n + d.competencies.length, 0)} competencies `
        + `are still needed for ${stage.title}.`)
      : h('p', {}, h('strong', {}, `Every competency for ${stage.title} is held.`)),
    missing.length ? h('ul', { class: 'evidence', 'aria-label': `Needed for ${stage.title}` }, missing.map(item)) : null,
    expiring.length ? [h('h3', {}, 'Held now, but expiring within 30 days'),
      h('ul', { class: 'evidence' }, expiring.map(item))] : null);
}

/** A gap section with a stage chooser that defaults to the next stage. */
export function gapSection(passport, fw) {
  const next = nextStage(passport, fw) || fw.stages[fw.stages.length - 1];
  const select = h('select', { id: 'gap-stage' }, fw.stages.map((s) => h('option', { value: s.code }, s.title)));
  select.value = next.code;
  const holder = h('div', {});
  const render = () => replace(holder, gapList(passport, fw, select.value));
  select.addEventListener('change', render);
  render();
  return h('section', { 'aria-labelledby': 'gap-heading', class: 'panel' },
    h('h2', { id: 'gap-heading' }, 'Gap to the next stage'),
    h('div', { class: 'field' }, h('label', { for: 'gap-stage' }, 'Stage'), select),
    holder);
}

/**
 * Statutory and mandatory training falling due: per competency, the latest end date of its
 * statutory-mandatory-training evidence, when that is on or before `days` from now (overdue included).
 */
export function dueWithin(passport, days, now = Date.now()) {
  const limit = now + days * 86400000;
  const due = [];
  for (const c of passport.competencies || []) {
    let latest = null;
    for (const s of c.stages || []) {
      for (const e of s.evidence || []) {
        if (e.validUntil && e.rule && e.rule.id === 'statutory-mandatory-training'
          && (!latest || Date.parse(e.validUntil) > Date.parse(latest))) latest = e.validUntil;
      }
    }
    if (latest && Date.parse(latest) <= limit) due.push({ competency: c, validUntil: latest, overdue: Date.parse(latest) <= now });
  }
  return due;
}

export { date };
