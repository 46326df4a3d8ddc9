// An organisation's webhook subscriptions, their deliveries, and replaying failed ones.
import { api, optional, ApiProblem } from './api.js';
import { h, replace, notice, unavailable, time, dateTime, shortId, problemText } from './dom.js';

const DELIVERY_TEXT = {
  pending: 'Waiting to be sent (or retrying)',
  delivered: 'Delivered',
  dead: 'Failed: gave up retrying',
  dropped: 'Dropped (subscription removed or filtered out)',
};

export async function subscriptionsView(main, params, rerender) {
  replace(main, h('h1', { tabindex: '-1' }, 'Subscriptions'), h('p', { class: 'loading' }, 'Loading…'));
  let list;
  try {
    list = await optional('/subscriptions', null);
  } catch (e) {
    replace(main, h('h1', { tabindex: '-1' }, 'Subscriptions'), notice('error', h('p', {}, problemText(e))),
      e instanceof ApiProblem && e.status === 403 ? h('p', {}, 'Subscriptions need a credential with the passport:subscribe scope.') : null);
    return;
  }
  if (list === null) {
    replace(main, h('h1', { tabindex: '-1' }, 'Subscriptions'), unavailable('Webhook subscriptions'));
    return;
  }
  const subscriptions = list.subscriptions || [];
  const sections = await Promise.all(subscriptions.map(async (s) => {
    const [deliveries, failed] = await Promise.all([
      api(`/subscriptions/${s.id}/deliveries?limit=50`).catch((e) => e),
      api(`/subscriptions/${s.id}/failed?limit=50`).catch((e) => e),
    ]);
    return subscriptionSection(s, deliveries, failed, rerender);
  }));
  replace(main,
    h('h1', { tabindex: '-1' }, 'Subscriptions'),
    h('p', {}, 'Webhooks the hub sends your organisation when a passport you can see changes. Each delivery is signed '
      + '(Standard Webhooks) and retried with growing gaps; failed ones can be sent again.'),
    params.get('message') ? notice('success', h('p', {}, params.get('message'))) : null,
    subscriptions.length ? sections : h('p', {}, 'Your organisation has no subscriptions yet.'));
}

function subscriptionSection(s, deliveries, failed, rerender) {
  const id = `subscription-${s.id}`;
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-heading`, id, 'data-subscription': s.id },
    h('h2', { id: `${id}-heading` }, s.description || s.url),
    h('p', {}, h('span', { class: 'mono' }, s.url), h('br'), 'Status: ', h('strong', {}, s.status),
      s.disabledReason ? ` (${s.disabledReason})` : '',
      h('br'), 'Events: ', (s.eventTypes || []).length ? s.eventTypes.join(', ') : 'all passport changes'),
    h('h3', {}, 'Failed deliveries'),
    failed instanceof Error ? notice('error', h('p', {}, problemText(failed))) : failedTable(s, failed.failed || [], rerender),
    h('h3', {}, 'Recent deliveries'),
    deliveries instanceof Error ? notice('error', h('p', {}, problemText(deliveries))) : deliveryTable(deliveries.deliveries || []));
}

function deliveryRow(d, action) {
  return h('tr', { 'data-delivery': String(d.deliveryId), 'data-status': d.status },
    h('td', { 'data-label': 'Event' }, d.eventType, h('br'), h('span', { class: 'muted' }, time(d.eventTime, dateTime(d.eventTime)))),
    h('td', { 'data-label': 'Person' }, h('a', { href: `#/people/${d.personId}` }, h('span', { class: 'mono' }, shortId(d.personId)))),
    h('td', { 'data-label': 'Status' }, DELIVERY_TEXT[d.status] || d.status,
      d.deliveredAt ? [h('br'), time(d.deliveredAt, dateTime(d.deliveredAt))] : null),
    h('td', { 'data-label': 'Attempts' }, String(d.attempts ?? 0),
      d.lastStatus ? ` (last answer HTTP ${d.lastStatus})` : '', d.lastError ? [h('br'), h('span', { class: 'muted' }, d.lastError)] : null),
    action ? h('td', { 'data-label': 'Action' }, action) : null);
}

function failedTable(s, failed, rerender) {
  if (!failed.length) return h('p', { class: 'failed-none' }, 'No failed deliveries.');
  return h('table', { class: 'stack-table failed-table' },
    h('thead', {}, h('tr', {}, ['Event', 'Person', 'Status', 'Attempts', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, failed.map((d) => deliveryRow(d, h('button', {
      type: 'button', class: 'secondary replay',
      onclick: async (e) => {
        e.target.disabled = true;
        try {
          const answer = await api(`/subscriptions/${s.id}/replay`, { method: 'POST', body: { deliveryId: d.deliveryId } });
          rerender(`Delivery queued again (${answer.replayed} replayed).`);
        } catch (problem) {
          e.target.disabled = false;
          e.target.after(notice('error', h('p', {}, problemText(problem))));
        }
      },
    }, 'Send again', h('span', { class: 'visually-hidden' }, ` delivery ${d.deliveryId}`))))));
}

function deliveryTable(deliveries) {
  if (!deliveries.length) return h('p', {}, 'Nothing delivered yet.');
  return h('table', { class: 'stack-table deliveries-table' },
    h('thead', {}, h('tr', {}, ['Event', 'Person', 'Status', 'Attempts'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, deliveries.map((d) => deliveryRow(d, null))));
}
