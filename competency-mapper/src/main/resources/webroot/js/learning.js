// "Other learning and assessments": what a passport records that credits no competency (an attended session, a
// course not in the catalogue, practice assessed as not yet competent), folded behind one summary line.
import { h, time, shortId, foldedSection } from './dom.js';

/**
 * The kind of an evidence item or learning record in words: practice assessed by someone, or learning (a
 * qualification, as its rule says, named so).
 */
export function kindText(item) {
  if (!item || item.kind !== 'assessed-practice') return item && item.kind === 'qualification' ? 'Qualification' : 'Learning';
  const role = item.assessor && item.assessor.role;
  if (!role) return 'Assessed in practice';
  return role === 'Assessor' ? 'Assessed in practice by an assessor' : `Assessed in practice (${role})`;
}

function learningItem(l) {
  return h('li', { 'data-kind': l.kind || 'learning', 'data-statement': l.statementId },
    h('strong', {}, l.title || (l.kind === 'assessed-practice' ? 'Assessment' : 'Learning')), h('br'),
    kindText(l), l.provider ? [' from ', l.provider] : '', ', ', time(l.achievedAt),
    l.outcome ? [' · ', h('span', { class: 'outcome' }, l.outcome)] : '',
    h('br'),
    h('span', { class: 'muted' }, 'Credits no competency · statement ',
      h('span', { class: 'mono', title: l.statementId }, shortId(l.statementId)),
      l.sourceOrganisation && l.sourceOrganisation !== l.provider ? ` · recorded by ${l.sourceOrganisation}` : ''));
}

function summaryText(learning) {
  const assessments = learning.filter((l) => l.kind === 'assessed-practice').length;
  const count = `${learning.length} other record${learning.length === 1 ? '' : 's'}`;
  if (!assessments) return count;
  const other = learning.length - assessments;
  return `${count}: ${other ? `${other} learning, ` : ''}${assessments} assessment${assessments === 1 ? '' : 's'}`;
}

/**
 * The section for `passport.learning`, newest first, folded behind one line ("3 other records"); null when the
 * passport lists none, so the page stays as short as it was.
 */
export function learningSection(passport) {
  const learning = (passport && passport.learning) || [];
  if (!learning.length) return null;
  return foldedSection('learning-heading', 'Other learning and assessments', summaryText(learning),
    h('p', { class: 'muted' }, 'Recorded for this person, but not counted towards a competency.'),
    h('ul', { class: 'evidence', id: 'learning-list' }, learning.map(learningItem)));
}
