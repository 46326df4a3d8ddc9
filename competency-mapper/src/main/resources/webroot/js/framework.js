// The framework: loaded once (it is public and immutable), and the searchable framework browser.
import { api } from './api.js';
import { h, replace } from './dom.js';

let loaded = null;

export function framework() {
  if (!loaded) {
    loaded = api('/framework', { auth: false }).catch((e) => { loaded = null; throw e; });
  }
  return loaded;
}

export function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : '';
}

export function domainName(domain) {
  return `${domain.number}. ${sentence(domain.title)}`;
}

/** competency number -> {competency, domain} */
export function competencyIndex(fw) {
  const index = new Map();
  for (const domain of fw.domains) {
    for (const competency of domain.competencies) index.set(competency.number, { competency, domain });
  }
  return index;
}

function normalise(text) {
  return String(text || '').toLocaleLowerCase('en-GB').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Text with every occurrence of `query` wrapped in <mark>, built as nodes (never as HTML). */
function highlighted(text, query) {
  if (!query) return text;
  const haystack = normalise(text);
  const parts = [];
  let from = 0;
  let at = haystack.indexOf(query, from);
  while (at >= 0) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(h('mark', {}, text.slice(at, at + query.length)));
    from = at + query.length;
    at = haystack.indexOf(query, from);
  }
  parts.push(text.slice(from));
  return parts;
}

export async function frameworkView(main, params) {
  const fw = await framework();
  const totalCompetencies = fw.domains.reduce((n, d) => n + d.competencies.length, 0);
  const search = h('input', {
    type: 'search', id: 'framework-search', name: 'q', autocomplete: 'off', 'aria-describedby': 'framework-search-hint',
  });
  search.value = params.get('q') || '';
  const domainSelect = h('select', { id: 'framework-domain', name: 'domain' },
    h('option', { value: '' }, 'All domains'),
    fw.domains.map((d) => h('option', { value: String(d.number) }, domainName(d))));
  domainSelect.value = params.get('domain') || '';
  const count = h('p', { id: 'framework-count', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { id: 'framework-results' });

  replace(main,
    h('h1', { tabindex: '-1' }, 'The framework'),
    h('p', { class: 'lede' }, `${fw.title} (${fw.publisher}, ${fw.version}): ${fw.domains.length} domains, `
      + `${totalCompetencies} competencies, and what each of the three stages looks like.`),
    h('p', { class: 'muted' }, 'Stages: ', fw.stages.map((s, i) => [i ? ', ' : '', h('strong', {}, s.title)])),
    h('form', { class: 'panel filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' },
        h('label', { for: 'framework-search' }, 'Search competencies and indicators'),
        h('span', { class: 'hint', id: 'framework-search-hint' }, 'For example: infection, safeguarding, 5.6'),
        search),
      h('div', { class: 'field' }, h('label', { for: 'framework-domain' }, 'Domain'), domainSelect)),
    count,
    results);

  const render = () => {
    const query = normalise(search.value.trim());
    const onlyDomain = domainSelect.value;
    const sections = [];
    let shown = 0;
    for (const domain of fw.domains) {
      if (onlyDomain && String(domain.number) !== onlyDomain) continue;
      const matching = domain.competencies.filter((c) => !query || [c.number, c.title, domain.title,
        ...Object.values(c.indicators)].some((text) => normalise(text).includes(query)));
      if (!matching.length) continue;
      shown += matching.length;
      sections.push(h('section', { class: 'framework-domain', 'aria-labelledby': `domain-${domain.number}` },
        h('h2', { id: `domain-${domain.number}` }, highlighted(domainName(domain), query)),
        domain.description ? h('p', { class: 'muted' }, domain.description) : null,
        matching.map((c) => h('article', { class: 'competency', id: `competency-${c.number}` },
          h('h3', {}, highlighted(`${c.number} ${c.title}`, query)),
          c.spansAllStages ? h('p', { class: 'muted' }, 'One indicator for all three stages.') : null,
          h('dl', {}, fw.stages.map((s) => [
            h('dt', {}, s.title),
            h('dd', {}, highlighted(c.indicators[s.code] || '—', query)),
          ]))))));
    }
    count.textContent = query || onlyDomain
      ? `${shown} of ${totalCompetencies} competencies match.`
      : `Showing all ${totalCompetencies} competencies.`;
    replace(results, sections.length ? sections : h('p', {}, 'Nothing in the framework matches that search.'));
  };
  const keepInUrl = () => {
    const q = new URLSearchParams();
    if (search.value.trim()) q.set('q', search.value.trim());
    if (domainSelect.value) q.set('domain', domainSelect.value);
    const hash = `#/framework${q.toString() ? `?${q}` : ''}`;
    history.replaceState(null, '', hash);
  };
  search.addEventListener('input', () => { render(); keepInUrl(); });
  domainSelect.addEventListener('change', () => { render(); keepInUrl(); });
  render();
}
