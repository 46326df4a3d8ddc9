// The support worker's own view, signed in with a learner sign-in link.
import { api, optional, ApiProblem, rememberLearnerName } from './api.js';
import { h, replace, notice, unavailable, dateTime, date, time, download, problemText, shortId, foldedSection } from './dom.js';
import { framework, domainName } from './framework.js';
import { passportSummary, gapSection, actionSection, progressSection } from './passport.js';
import { yourDataSection } from './personal-data.js';
import { learningSection } from './learning.js';

const ACTIONS = {
  'passport.read': 'Read your passport',
  'credentials.read': 'Downloaded your credentials',
  'person.lookup': 'Looked up your passport from one of your identifiers',
  'webhook.delivered': 'Was sent an update about your passport',
  'grant.created': 'You gave access',
  'grant.revoked': 'You withdrew access',
  'gaps.read': 'Read what you still need for a stage',
  'relationship.proposed': 'Asked to see your passport',
  'relationship.accepted': 'You accepted their request',
  'relationship.declined': 'You declined their request',
  'relationship.ended': 'The relationship ended',
  'share-code.created': 'You created a share code',
  'share-code.redeemed': 'Used your share code',
  'share-code.withdrawn': 'You withdrew a share code',
  'identifier.linked': 'Linked an identifier to your passport',
  'person.merged': 'Joined another record to your passport',
  'person.unmerged': 'Separated a record from your passport again',
};

/** A button that POSTs (or DELETEs) and re-renders the page with a message; failures are shown beside it. */
function actionButton(label, hidden, className, path, method, done, rerender) {
  return h('button', {
    type: 'button', class: className,
    onclick: async (e) => {
      e.target.disabled = true;
      try {
        await api(path, { method });
        rerender(done);
      } catch (problem) {
        e.target.disabled = false;
        e.target.after(failure(problem));
      }
    },
  }, label, h('span', { class: 'visually-hidden' }, hidden));
}

/** A section whose content is folded away behind `summary`, so the page's first view stays short. */
function folded(id, title, summary, ...children) {
  return foldedSection(id, title, summary, ...children);
}

function failure(e) {
  return notice('error', h('p', {}, problemText(e)));
}

async function settle(promise) {
  try { return { value: await promise }; } catch (error) { return { error }; }
}

function identifierText(identifier) {
  if (typeof identifier === 'string') return identifier;
  if (identifier.account) return `Account ${identifier.account.name} at ${identifier.account.homePage}`;
  if (identifier.mbox_sha1sum) return `E-mail address (hashed) ${shortId(identifier.mbox_sha1sum)}…`;
  if (identifier.mbox) return 'An e-mail address';
  if (identifier.openid) return `OpenID ${identifier.openid}`;
  return identifier.kind || identifier.key || JSON.stringify(identifier);
}

export async function learnerView(main, params, rerender) {
  replace(main, h('h1', { tabindex: '-1' }, 'Your passport'), h('p', { class: 'loading' }, 'Loading your passport…'));
  const [fw, me, passport, organisations, grants, audit, identifiers, relationships, credentials, merges] = await Promise.all([
    framework(),
    api('/me'),
    settle(api('/me/passport')),
    settle(optional('/me/organisations', null)),
    settle(optional('/me/grants', null)),
    settle(optional('/me/audit', null)),
    settle(optional('/me/identifiers', null)),
    settle(optional('/me/relationships', null)),
    settle(optional('/me/credentials', null)),
    settle(optional('/me/merges', null)),
  ]);
  const names = new Map(((organisations.value && organisations.value.organisations) || []).map((o) => [o.id, o.name]));
  const orgName = (id) => names.get(id) || `Organisation ${shortId(id)}`;

  const parts = [h('h1', { tabindex: '-1' }, 'Your passport')];
  if (passport.error) {
    parts.push(passport.error instanceof ApiProblem && passport.error.status === 404
      ? notice('status', h('p', {}, 'Nothing has been credited to your passport yet. Learning recorded by your employer or '
        + 'training provider appears here once it maps to the framework.'))
      : failure(passport.error));
  } else {
    const p = passport.value;
    if (p.displayName) {
      rememberLearnerName(p.displayName);
      document.getElementById('who').textContent = `Signed in as ${p.displayName}`;
    }
    parts.push(passportSummary(p, fw));
    parts.push(actionSection(p, fw));
    parts.push(progressSection(p, fw));
    parts.push(gapSection(p, fw, (stage) => api(`/me/gaps?stage=${encodeURIComponent(stage)}`)));
    parts.push(learningSection(p));
    parts.push(downloads(p, credentials, fw));
  }

  parts.push(folded('identifiers-heading', 'Your linked identifiers', 'Show them, or join another record',
    h('p', {}, 'Your person id: ', h('span', { class: 'mono', id: 'person-id' }, me.personId)),
    h('p', {}, 'The learning records from these identifiers all count towards this one passport.'),
    identifiers.error ? failure(identifiers.error)
      : identifiers.value === null ? unavailable('Listing your linked identifiers')
        : identifierList(identifiers.value),
    merges.value ? mergeList(merges.value.merges || [], me.personId, rerender) : null,
    claimForm(rerender)));

  parts.push(folded('access-heading', 'Who can see your passport', 'Who and why; change who can',
    whoCanSee(relationships, grants, orgName, rerender),
    grants.value ? grantForm(organisations.value, rerender) : null,
    grants.value ? shareCodeForm() : null));

  parts.push(folded('audit-heading', 'Who looked at your passport', 'Show who looked and when',
    audit.error ? failure(audit.error) : audit.value === null ? unavailable('The record of who looked')
      : auditTable(audit.value.events || [])));

  parts.push(yourDataSection());
  replace(main, ...parts);
}

function downloads(passport, credentials, fw) {
  const content = [h('button', {
    type: 'button', class: 'secondary', id: 'download-passport',
    onclick: () => download(`passport-${passport.personId}.json`, passport),
  }, 'Download passport (JSON)')];
  const extra = [];
  if (credentials.error) {
    extra.push(failure(credentials.error));
  } else if (credentials.value === null) {
    extra.push(unavailable('Downloading signed credentials'));
  } else {
    const c = credentials.value;
    if (c.clr) {
      content.push(h('button', {
        type: 'button', class: 'secondary', id: 'download-clr',
        onclick: () => download(`passport-${passport.personId}.clr.jwt`, c.clr, 'application/vc+jwt'),
      }, 'Download whole passport as a signed credential (CLR)'));
    }
    const list = c.credentials || [];
    extra.push(list.length
      ? h('details', { id: 'credential-list' }, h('summary', {}, `Single credentials (${list.length})`),
        h('ul', { class: 'evidence' }, list.map((item) => h('li', {},
          h('strong', {}, `${item.competency} ${item.competencyTitle || competencyTitle(fw, item.competency)}`),
          ` at ${item.stageTitle || stageName(fw, item.stage)}`, h('br'),
          item.issuedAt ? ['Issued ', time(item.issuedAt), ' · '] : '',
          item.validUntil ? ['valid until ', time(item.validUntil)] : 'no end date', ' ',
          h('button', {
            type: 'button', class: 'link-button',
            onclick: () => download(`credential-${item.competency}-${item.stage}.jwt`, item.jwt, 'application/vc+jwt'),
          }, 'Download', h('span', { class: 'visually-hidden' }, ` credential for ${item.competency} at ${stageName(fw, item.stage)}`))))))
      : h('p', {}, 'No signed credentials yet: they are issued for competencies you hold.'));
    extra.push(h('p', { class: 'muted' }, 'Anyone can check a credential on the ', h('a', { href: '#/verify' }, 'verify page'), '.'));
  }
  return folded('downloads-heading', 'Download', 'Your passport and credentials',
    h('div', { class: 'actions' }, content), extra);
}

function competencyTitle(fw, number) {
  for (const d of fw.domains) for (const c of d.competencies) if (c.number === number) return c.title;
  return '';
}

function stageName(fw, code) {
  const stage = fw.stages.find((s) => s.code === code);
  return stage ? stage.title : code;
}

function identifierList(value) {
  const list = Array.isArray(value) ? value : value.identifiers || [];
  return list.length ? h('ul', { id: 'identifier-list' }, list.map((i) => h('li', {}, identifierText(i))))
    : h('p', {}, 'No identifiers are linked yet.');
}

function whoCanSee(relationships, grants, orgName, rerender) {
  const rows = [];
  let unavailableNotes = [];
  if (relationships.error) unavailableNotes.push(failure(relationships.error));
  else if (relationships.value === null) unavailableNotes.push(unavailable('Listing the organisations you work or study with'));
  else {
    const now = Date.now();
    for (const r of relationships.value.relationships || []) {
      if (r.status === 'declined' || (r.endsAt && Date.parse(r.endsAt) <= now)) continue;
      const name = r.organisation || orgName(r.organisationId);
      const path = `/me/relationships/${encodeURIComponent(r.id)}`;
      if (r.status === 'proposed') {
        rows.push(h('tr', { 'data-relationship': r.id, class: 'proposal' },
          h('td', { 'data-label': 'Organisation' }, name),
          h('td', { 'data-label': 'Why' }, r.kind === 'enrolment' ? 'Asks to see it: they say you are enrolled with them'
            : 'Asks to see it: they say they employ you'),
          h('td', { 'data-label': 'Until' }, r.endsAt ? time(r.endsAt) : 'While it lasts'),
          h('td', { 'data-label': 'Action' }, h('div', { class: 'actions' },
            actionButton('Accept', ` ${name}'s request`, '', `${path}/accept`, 'POST',
              `${name} can now see your passport.`, rerender),
            actionButton('Decline', ` ${name}'s request`, 'secondary', `${path}/decline`, 'POST',
              `You declined ${name}'s request.`, rerender)))));
      } else {
        rows.push(h('tr', { 'data-relationship': r.id },
          h('td', { 'data-label': 'Organisation' }, name),
          h('td', { 'data-label': 'Why' }, r.kind === 'enrolment' ? 'You are enrolled with them' : 'They employ you'),
          h('td', { 'data-label': 'Until' }, r.endsAt ? time(r.endsAt) : 'While it lasts'),
          h('td', { 'data-label': 'Action' }, actionButton('End', ` ${name}'s access`, 'danger', `${path}/end`, 'POST',
            `${name} can no longer see your passport.`, rerender))));
      }
    }
  }
  if (grants.error) unavailableNotes.push(failure(grants.error));
  else if (grants.value === null) unavailableNotes.push(unavailable('Giving access'));
  else {
    const now = Date.now();
    for (const g of grants.value.grants || []) {
      if (g.revokedAt || Date.parse(g.expiresAt) <= now) continue;
      rows.push(h('tr', { 'data-grant': g.id },
        h('td', { 'data-label': 'Organisation' }, orgName(g.organisationId)),
        h('td', { 'data-label': 'Why' }, 'You gave them access'),
        h('td', { 'data-label': 'Until' }, time(g.expiresAt)),
        h('td', { 'data-label': 'Action' }, h('button', {
          type: 'button', class: 'danger',
          onclick: async (e) => {
            e.target.disabled = true;
            try {
              await api(`/me/grants/${encodeURIComponent(g.id)}`, { method: 'DELETE' });
              rerender(`Access for ${orgName(g.organisationId)} withdrawn.`);
            } catch (problem) {
              e.target.disabled = false;
              e.target.after(failure(problem));
            }
          },
        }, 'Withdraw access', h('span', { class: 'visually-hidden' }, ` for ${orgName(g.organisationId)}`)))));
    }
  }
  return [
    h('p', {}, 'An organisation sees your passport only when you agree: when you accept its request (it employs you or '
      + 'you are enrolled with it), or while you have given it access or a share code. The hub\'s operators can also see it.'),
    rows.length ? h('table', { class: 'stack-table', id: 'access-table' },
      h('thead', {}, h('tr', {}, ['Organisation', 'Why', 'Until', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))
      : h('p', { id: 'access-none' }, 'No organisation can see your passport through you right now.'),
    unavailableNotes,
  ];
}

/** How long a person may give an organisation access for: days, and in words. */
const GRANT_PERIODS = [[7, '1 week'], [30, '30 days'], [90, '90 days'], [182, '6 months'], [365, '1 year']];

function grantForm(organisations, rerender) {
  const list = (organisations && organisations.organisations) || [];
  const select = h('select', { id: 'grant-organisation', required: true },
    h('option', { value: '' }, 'Choose an organisation'),
    list.map((o) => h('option', { value: o.id }, o.name)));
  // How long, not a date picker: Chromium's date field has a Tab stop (its calendar button) that shows no focus.
  const until = h('select', { id: 'grant-until', required: true, 'aria-describedby': 'grant-until-hint' },
    GRANT_PERIODS.map(([days, text]) => h('option', { value: String(days) }, text)));
  until.value = '90';
  const endOf = (days) => `${new Date(Date.now() + Number(days) * 86400000).toISOString().slice(0, 10)}T23:59:59Z`;
  const result = h('div', {});
  const form = h('form', { id: 'grant-form', 'aria-labelledby': 'grant-heading' },
    h('h3', { id: 'grant-heading' }, 'Give an organisation access'),
    h('p', {}, 'For example a new employer before you start, or a university you are applying to.'),
    h('div', { class: 'field' }, h('label', { for: 'grant-organisation' }, 'Organisation'), select),
    h('div', { class: 'field' }, h('label', { for: 'grant-until' }, 'For how long'),
      h('span', { class: 'hint', id: 'grant-until-hint' }, 'It ends at midnight (UTC) at the end of the last day; you can withdraw it sooner.'), until),
    h('button', { type: 'submit' }, 'Give access'),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!select.value || !until.value) {
      replace(result, notice('error', h('p', {}, 'Choose an organisation and for how long.')));
      return;
    }
    const expiresAt = endOf(until.value);
    try {
      await api('/me/grants', { method: 'POST', body: { organisationId: select.value, expiresAt } });
      rerender(`Access given to ${select.options[select.selectedIndex].text} until ${date(expiresAt)}.`);
    } catch (problem) {
      replace(result, failure(problem));
    }
  });
  return form;
}

/** Records joined to this passport, each with a button to separate it again. */
function mergeList(merges, personId, rerender) {
  const open = merges.filter((m) => m.personId === personId && !m.undoneAt);
  if (!open.length) return null;
  const by = { person: 'you, with a code', operator: 'the hub operator', organisation: 'the e-learning platform that knows both' };
  return h('div', {},
    h('h3', { id: 'merges-heading' }, 'Records joined to your passport'),
    h('ul', { id: 'merge-list' }, open.map((m) => h('li', {},
      `A record joined on ${date(m.mergedAt)} by ${by[m.joinedBy] || m.joinedBy}. `,
      actionButton('Separate it again', ` (record ${shortId(m.mergedPersonId)})`, 'secondary',
        `/me/merges/${m.mergedPersonId}/undo`, 'POST', 'The record was separated from your passport.', rerender)))));
}

/** A claim code from an organisation that knows you by another record: joins that record to this passport. */
function claimForm(rerender) {
  const result = h('div', { 'aria-live': 'polite' });
  const code = h('input', { type: 'text', id: 'claim-code', autocomplete: 'off', required: true, spellcheck: 'false' });
  const form = h('form', { id: 'claim-form', 'aria-labelledby': 'claim-heading' },
    h('h3', { id: 'claim-heading' }, 'Join another record of your learning'),
    h('p', {}, 'If an e-learning platform or training provider gave you a claim code for your account with them, '
      + 'enter it here: their record of your learning joins this passport. You can separate it again.'),
    h('div', { class: 'field' }, h('label', { for: 'claim-code' }, 'Claim code'), code),
    h('button', { type: 'submit' }, 'Join the record'),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/me/claims', { method: 'POST', body: { code: code.value } });
      rerender('The record was joined to your passport.');
    } catch (problem) {
      replace(result, failure(problem));
    }
  });
  return form;
}

/** A share code for an organisation you do not deal with yet: shown once, to read out or send. */
function shareCodeForm() {
  const result = h('div', { 'aria-live': 'polite' });
  const credentials = h('input', { type: 'checkbox', id: 'share-credentials', checked: true });
  const form = h('form', { id: 'share-code-form', 'aria-labelledby': 'share-heading' },
    h('h3', { id: 'share-heading' }, 'Share with a new organisation by a code'),
    h('p', {}, 'The first organisation to enter the code within 7 days can see your passport for 30 days. '
      + 'You can withdraw its access here at any time.'),
    h('div', { class: 'field' }, h('label', { for: 'share-credentials' }, credentials,
      ' Include my signed credentials')),
    h('button', { type: 'submit' }, 'Create a share code'),
    result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const scopes = credentials.checked ? ['passport', 'credentials'] : ['passport'];
      const created = await api('/me/share-codes', { method: 'POST', body: { scopes } });
      replace(result, notice('status', h('p', {}, 'Your share code (shown only now): ',
        h('strong', { class: 'mono', id: 'share-code' }, created.code), `. It can be used until ${date(created.expiresAt)}.`)));
    } catch (problem) {
      replace(result, failure(problem));
    }
  });
  return form;
}

function auditTable(events) {
  if (!events.length) return h('p', { id: 'audit-none' }, 'Nobody has looked at your passport yet.');
  const newest = [...events].sort((a, b) => (b.seq || 0) - (a.seq || 0));
  return h('table', { class: 'stack-table', id: 'audit-table' },
    h('thead', {}, h('tr', {}, ['When', 'Who', 'What'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, newest.map((e) => h('tr', {},
      h('td', { 'data-label': 'When' }, time(e.at, dateTime(e.at))),
      h('td', { 'data-label': 'Who' }, e.organisation || 'You'),
      h('td', { 'data-label': 'What' }, ACTIONS[e.action] || e.action)))));
}

export { domainName };
