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
    h('p', { class: 'muted' }, stated && stated.statedBy && stated.statedBy.name ? `Name from ${stated.statedBy.name}. ` : '',
      'Version ', String(passport.version), ', updated ', time(passport.updatedAt), '.'));
}

/** What needs doing first: expired, then expiring items, each with its training and where to renew it. */
export function actionSection(passport, fw) {
  const actions = passport.actions || [];
  const item = (a) => h('li', { 'data-action': a.competency },
    statusBadge(a.status), ' ',
    h('strong', {}, (a.training || []).length ? a.training.map((t) => t.title).join(', ') : `${a.competency} ${a.title}`),
    ' · ', a.status === 'expired' ? 'ended ' : 'due ', time(a.validUntil),
    h('br'), h('span', { class: 'muted' }, `${a.competency} ${a.title}, `
      + `${(a.stageTitles || []).length === fw.stages.length ? 'every stage' : (a.stageTitles || []).join(', ')}`),
    (a.renewWith || []).length
      ? h('span', { class: 'renew' }, h('br'), 'Renew with: ', a.renewWith.map((r, i) => [i ? '; ' : '',
        /^https?:\/\//.test(r.activity) ? h('a', { href: r.activity, rel: 'noopener noreferrer' },
          r.organisation ? `a course from ${r.organisation}` : 'a catalogue course')
          : (r.organisation ? `a course from ${r.organisation}` : r.activity)]))
      : null);
  return h('section', { class: 'panel', 'aria-labelledby': 'actions-heading', id: 'actions' },
    h('h2', { id: 'actions-heading' }, 'What needs doing'),
    actions.length
      ? h('ul', { class: 'evidence', id: 'action-list' }, actions.map(item))
      : h('p', { id: 'actions-none' }, 'Nothing has expired or is due in the next 30 days.'));
}

/** Progress counted in competencies: held now per domain and stage, and overall. */
export function progressSection(passport, fw) {
  const status = statusIndex(passport);
  const total = fw.domains.reduce((n, d) => n + d.competencies.length, 0);
  const heldIn = (competencies, stage) => competencies.filter((c) => CURRENT.has(status(c.number, stage.code))).length;
  const all = fw.domains.flatMap((d) => d.competencies);
  return h('section', { class: 'panel', 'aria-labelledby': 'progress-heading', id: 'progress' },
    h('h2', { id: 'progress-heading' }, 'Progress'),
    h('ul', { class: 'progress-stages', id: 'progress-stages' }, fw.stages.map((s) => {
      const count = heldIn(all, s);
      return h('li', {}, h('span', { class: 'progress-label' }, s.title, ': ', h('strong', {}, `${count} of ${total}`),
        ' competencies held'),
      h('progress', { max: String(total), value: String(count), 'aria-hidden': 'true' }));
    })),
    h('details', { id: 'progress-details' }, h('summary', {}, 'Show progress per domain'),
    h('table', { class: 'progress-table', id: 'progress-table' },
      h('caption', { class: 'visually-hidden' }, 'Competencies held now, per domain and stage'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Domain'), fw.stages.map((s) => h('th', { scope: 'col' }, s.title)))),
      h('tbody', {},
        fw.domains.map((d) => h('tr', {}, h('th', { scope: 'row' }, domainName(d)),
          fw.stages.map((s) => h('td', { 'data-stage': s.code }, `${heldIn(d.competencies, s)} of ${d.competencies.length}`)))),
        h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'All competencies'),
          fw.stages.map((s) => h('td', { 'data-stage': s.code }, `${heldIn(all, s)} of ${total}`)))))));
}

export function passportGrid(passport, fw) {
  const status = statusIndex(passport);
  const held = heldIndex(passport);
  const attained = attainedIndex(passport);
  return h('div', { id: 'passport-grid', class: 'passport-grid-domains' },
    fw.domains.map((d) => {
      const reached = (attained.get(d.number) || []).map((code) => stageTitle(fw, code));
      const counts = fw.stages.map((s) => d.competencies.filter((c) => CURRENT.has(status(c.number, s.code))).length);
      return h('details', { id: `grid-domain-${d.number}`, class: 'grid-domain' },
        h('summary', {}, domainName(d), ' ',
          h('span', { class: 'attained' }, reached.length ? `Attained: ${reached.join(', ')}` : `${counts[0]} of `
            + `${d.competencies.length} held`)),
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
    }));
}

/** The gap to `stageCode`: what is missing or expired (with each indicator), and what is expiring. */
function gapParts(passport, fw, stageCode) {
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
  return {
    sentence: missing.length
      ? `${missing.length} of ${fw.domains.reduce((n, d) => n + d.competencies.length, 0)} competencies `
        + `are still needed for ${stage.title}.`
      : h('strong', {}, `Every competency for ${stage.title} is held.`),
    lists: [
      missing.length ? h('ul', { class: 'evidence', 'aria-label': `Needed for ${stage.title}` }, missing.map(item)) : null,
      expiring.length ? [h('h3', {}, 'Held now, but expiring within 30 days'),
        h('ul', { class: 'evidence' }, expiring.map(item))] : null,
    ],
  };
}

/**
 * The gap to a stage: how many competencies are still needed for the next one, and, folded, which (with their
 * indicators) and which are expiring, for any stage chosen.
 */
export function gapSection(passport, fw) {
  const next = nextStage(passport, fw) || fw.stages[fw.stages.length - 1];
  const select = h('select', { id: 'gap-stage' }, fw.stages.map((s) => h('option', { value: s.code }, s.title)));
  select.value = next.code;
  const sentence = h('p', { id: 'gap-sentence', 'aria-live': 'polite' });
  const holder = h('div', {});
  const render = () => {
    const parts = gapParts(passport, fw, select.value);
    replace(sentence, parts.sentence);
    replace(holder, parts.lists);
  };
  select.addEventListener('change', render);
  render();
  return h('section', { 'aria-labelledby': 'gap-heading', class: 'panel' },
    h('h2', { id: 'gap-heading' }, 'Gap to the next stage'),
    h('div', { id: 'gap-list' }, sentence,
      h('details', { id: 'gap-details' }, h('summary', {}, 'Show what is needed'),
        h('div', { class: 'field' }, h('label', { for: 'gap-stage' }, 'Stage'), select),
        holder)));
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
