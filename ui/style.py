"""The chat page's stylesheet and the script that turns a click on a citation into an event.

CITE_JS runs as the document view's `js_on_load` (gr.HTML): one capturing click listener for the whole
page catches links to `#cite-T-n` (in the chat, the footnotes and the sources panel), stops the
browser from following them and triggers the view's `click` event with `{cite: "T-n"}`. When the
view shows a new document, its marked range is scrolled to the middle of the view (and the view
into the window when it is off-screen); a PDF page's first highlight box is scrolled into the middle
of the page view the same way.
"""

CITE_JS = """
const ragReveal = (mark) => {
  const box = mark.closest('.rag-doc');
  if (!box) { mark.scrollIntoView({block: 'center'}); return; }
  const height = mark.getBoundingClientRect().height;
  const top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - (height < box.clientHeight ? (box.clientHeight - height) / 2 : 16));
  box.scrollIntoView({block: 'nearest'});
};
window.__ragOpenCitation = (cite) => trigger('click', {cite: cite});
if (!window.__ragCitationHook) {
  window.__ragCitationHook = true;
  document.addEventListener('click', (event) => {
    const link = event.target && event.target.closest ? event.target.closest('a[href^="#cite-"]') : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const id = link.getAttribute('href').slice(1);
    const shown = document.getElementById(id);
    if (shown && shown.closest('#docview')) ragReveal(shown);
    window.__ragOpenCitation(id.slice('cite-'.length));
  }, true);
}
const ragRevealBox = (hl) => {
  const box = hl.closest('.rag-page-box');
  if (!box) return;
  const top = hl.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  box.scrollIntoView({block: 'nearest'});
};
watch('value', () => {
  const mark = element.querySelector('mark.cite-range');
  if (mark) ragReveal(mark);
  const hl = element.querySelector('.rag-page .rag-hl');
  if (hl) {
    const img = element.querySelector('.rag-page-img');
    if (img && !img.complete) img.addEventListener('load', () => ragRevealBox(hl), {once: true});
    else ragRevealBox(hl);
  }
});
"""

CSS = """
a.cite { font-size: 0.75em; vertical-align: super; line-height: 0; font-weight: 600; text-decoration: none;
         padding: 0 0.1em; color: var(--color-accent, #2563eb); cursor: pointer; }
a.cite:hover { text-decoration: underline; }
.rag-nowrap { white-space: nowrap; }
.rag-short { margin-bottom: 0.35em; }
.rag-short-note { font-size: 0.8em; opacity: 0.7; }
.cite-pending { font-size: 0.75em; vertical-align: super; line-height: 0; opacity: 0.6; }
.rag-q { white-space: normal; }
.rag-pending { opacity: 0.6; font-style: italic; }
.rag-resolved { font-size: 0.85em; opacity: 0.75; margin-bottom: 0.3em; }
.rag-refusal { border-left: 4px solid #d97706; padding: 0.2em 0.6em; background: rgba(217, 119, 6, 0.08); }
.rag-badge { display: inline-block; font-size: 0.75em; font-weight: 700; border-radius: 4px; padding: 0 0.45em;
             margin-right: 0.35em; color: #fff; background: #d97706; }
.rag-badge-error { background: #b91c1c; }
.rag-qualified { border-left: 4px solid #2563eb; padding: 0.2em 0.6em; background: rgba(37, 99, 235, 0.06); }
.rag-badge-qualified { background: #2563eb; }
.rag-error { border-left: 4px solid #b91c1c; padding: 0.2em 0.6em; }
.rag-info { opacity: 0.85; font-style: italic; }
.rag-notice { font-size: 0.85em; margin-top: 0.5em; padding: 0.25em 0.5em; border-radius: 4px;
              background: rgba(234, 179, 8, 0.15); border: 1px solid rgba(234, 179, 8, 0.5); }
.rag-footnotes { font-size: 0.8em; margin-top: 0.5em; padding-top: 0.3em; border-top: 1px solid var(--border-color-primary); }
.rag-footnote a.cite { vertical-align: baseline; font-size: 1em; }
.rag-sources { font-size: 0.9em; }
.rag-empty, .rag-doc-empty, .rag-dim { opacity: 0.7; font-size: 0.9em; }
.rag-source { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 0.5em 0.6em; margin-bottom: 0.5em; }
.rag-source.selected { border-color: var(--color-accent, #2563eb); box-shadow: 0 0 0 1px var(--color-accent, #2563eb); }
.rag-source-head a.cite, .rag-doc-head a.cite { vertical-align: baseline; font-size: 1em; }
.rag-passage { margin: 0.3em 0; line-height: 1.6; }
mark.quote { background: #fde68a; color: inherit; padding: 0 0.1em; }
.rag-score summary { cursor: pointer; font-size: 0.85em; opacity: 0.8; }
.rag-others summary { cursor: pointer; }
.rag-doc { white-space: pre-wrap; line-height: 1.7; max-height: 60vh; overflow-y: auto; padding: 0.6em;
           border: 1px solid var(--border-color-primary); border-radius: 6px; }
mark.cite-range { background: #bfdbfe; color: inherit; scroll-margin: 2em; }
mark.cite-range strong.quote { background: #fde047; }
.rag-page { margin-bottom: 0.6em; }
.rag-page-head { font-size: 0.85em; opacity: 0.8; margin-bottom: 0.3em; }
.rag-page-box { max-height: 60vh; overflow-y: auto; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.rag-page-sheet { position: relative; line-height: 0; }
.rag-page-img { width: 100%; height: auto; display: block; }
.rag-hl { position: absolute; background: rgba(250, 204, 21, 0.38); outline: 2px solid rgba(234, 88, 12, 0.9);
          border-radius: 2px; pointer-events: none; mix-blend-mode: multiply; }
"""
