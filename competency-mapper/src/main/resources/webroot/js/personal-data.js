// "Your data": download everything the hub holds about you, or ask for it to be erased.
import { api, apiBlob } from './api.js';
import { h, replace, notice, problemText, foldedSection } from './dom.js';

function failure(problem) {
  return notice('error', h('p', {}, problemText(problem)));
}

/** The section on the learner page. */
export function yourDataSection() {
  const downloaded = h('div', { 'aria-live': 'polite' });
  const download = h('button', { type: 'button', id: 'export-data' }, 'Download all my data (ZIP)');
  download.addEventListener('click', async () => {
    download.disabled = true;
    replace(downloaded, h('p', { class: 'loading' }, 'Preparing your data…'));
    try {
      const blob = await apiBlob('/me/export');
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: 'my-ahp-passport-data.zip', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      replace(downloaded, notice('status', h('p', {}, 'Your data was downloaded. Open summary.html in the ZIP first.')));
    } catch (problem) {
      replace(downloaded, failure(problem));
    } finally {
      download.disabled = false;
    }
  });

  const asked = h('div', { 'aria-live': 'polite' });
  const confirm = h('input', { type: 'checkbox', id: 'erasure-confirm', required: true });
  const erasure = h('form', { id: 'erasure-form', 'aria-labelledby': 'erasure-heading' },
    h('h3', { id: 'erasure-heading' }, 'Ask for your data to be erased'),
    h('p', {}, 'The hub operator erases your passport, your learning records and everything linked to them, and '
      + 'tells the organisations that can see your passport to delete their copies. This cannot be undone: '
      + 'download your data first if you want to keep it.'),
    h('div', { class: 'field' }, h('label', { for: 'erasure-confirm' }, confirm,
      ' I understand my passport and learning records will be erased')),
    h('button', { type: 'submit' }, 'Ask for erasure'),
    asked);
  erasure.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/me/erasure-request', { method: 'POST', body: {} });
      replace(asked, notice('status', h('p', {}, 'Your request was sent to the hub operator, who will confirm it '
        + 'and carry it out.')));
    } catch (problem) {
      replace(asked, failure(problem));
    }
  });

  // Folded like the page's other sections, so its first view stays short.
  return foldedSection('your-data-heading', 'Your data', 'Download it, or ask to erase it',
    h('p', {}, 'Everything the hub holds about you: your passport, the evidence behind it, your learning records, '
      + 'who can see your passport and who looked.'),
    download, downloaded, erasure);
}
