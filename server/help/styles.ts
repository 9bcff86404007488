/**
 * The help centre's stylesheet, served at /help/assets/help.css. Colours meet WCAG AA on their
 * backgrounds (body text 14.8:1, secondary text 7.6:1, links 8.0:1 on white, at least 6.9:1 on the
 * tinted panels; header text 11.5:1 on its blue, its focus ring 8.0:1); focus is always visible; the
 * layout is one fluid column that works from 320 px up.
 */
export const HELP_CSS = `
:root {
  --ink: #1f2933;
  --muted: #4a5563;
  --link: #0b4f9c;
  --link-visited: #5a2d82;
  --surface: #ffffff;
  --tint: #f3f5f8;
  --line: #d5dbe3;
  --brand: #1e3a5f;
  --on-brand: #ffffff;
  --focus: #0b4f9c;
  --focus-on-brand: #ffd166;
  color-scheme: light;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  font-size: 100%;
  line-height: 1.6;
  color: var(--ink);
  background: var(--surface);
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
main { flex: 1 0 auto; }
main:focus { outline: none; }
.wrap { width: 100%; max-width: 48rem; margin: 0 auto; padding: 0 1.25rem; }

a { color: var(--link); text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }

.skip-link {
  position: absolute; left: 0.5rem; top: -10rem; z-index: 10;
  padding: 0.5rem 1rem; background: var(--surface); color: var(--link); font-weight: 600;
}
.skip-link:focus { top: 0.5rem; }

.site-header { background: var(--brand); color: var(--on-brand); padding: 1rem 0; }
.header-row { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 0.75rem 1.5rem; }
.brand { color: var(--on-brand); font-size: 1.25rem; font-weight: 700; text-decoration: none; }
.brand:visited { color: var(--on-brand); }
.brand:hover { text-decoration: underline; }
.site-header :focus-visible { outline-color: var(--focus-on-brand); }
.search { flex: 1 1 18rem; max-width: 26rem; }
.search label { display: block; font-size: 0.875rem; margin-bottom: 0.25rem; }
.search-row { display: flex; gap: 0.5rem; }
.search input {
  flex: 1 1 auto; min-width: 0; font: inherit; color: var(--ink); background: var(--surface);
  border: 2px solid var(--surface); border-radius: 6px; padding: 0.4rem 0.6rem;
}
.search button {
  font: inherit; font-weight: 600; color: var(--brand); background: var(--surface);
  border: 2px solid var(--surface); border-radius: 6px; padding: 0.4rem 0.9rem; cursor: pointer;
}
.search button:hover { background: var(--tint); }

h1 { font-size: 2rem; line-height: 1.25; margin: 1.5rem 0 0.75rem; }
h2 { font-size: 1.5rem; line-height: 1.3; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.2rem; line-height: 1.35; margin: 1.5rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
.lead { font-size: 1.125rem; color: var(--muted); margin-top: 0; }

.breadcrumb ol { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 1.25rem 0 0; padding: 0; font-size: 0.9375rem; }
.breadcrumb li + li::before { content: '/'; margin-right: 0.25rem; color: var(--muted); }
.breadcrumb [aria-current] { color: var(--muted); }

.guide-list, .faq-list, .results { list-style: none; padding: 0; margin: 0; }
.guide-list li, .results li { padding: 0.9rem 0; border-bottom: 1px solid var(--line); }
.guide-list li > a, .results li > a { font-weight: 600; font-size: 1.0625rem; }
.guide-list p, .results p { margin: 0.25rem 0 0; color: var(--muted); }
.topics { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0 2rem; }
.faq-list li { margin: 0.4rem 0; }
.kind {
  display: inline-block; font-size: 0.8125rem; font-weight: 600; letter-spacing: 0.02em;
  color: var(--muted); text-transform: uppercase; margin: 0;
}
.result-count { color: var(--muted); }

.article-header { border-bottom: 1px solid var(--line); padding-bottom: 0.75rem; margin-bottom: 1rem; }
.article-header h1 { margin-top: 0.25rem; }
.meta { color: var(--muted); margin: 0; font-size: 0.9375rem; }
.toc { background: var(--tint); border-radius: 8px; padding: 0.75rem 1.25rem; margin: 1rem 0 1.5rem; }
.toc h2 { font-size: 1rem; margin: 0 0 0.25rem; }
.toc ol { margin: 0; padding-left: 1.25rem; }
.content { overflow-wrap: anywhere; }
.content h2, .content h3, .content h4 { scroll-margin-top: 1rem; }
.content :target { background: #fff4cc; }
.content blockquote { margin: 1rem 0; padding: 0.25rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
.content code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: var(--tint); padding: 0.1em 0.3em; border-radius: 4px; }
.content pre { background: var(--tint); padding: 0.75rem 1rem; border-radius: 6px; overflow-x: auto; }
.content pre code { background: none; padding: 0; }
.content table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 1rem 0; }
.content th, .content td { border: 1px solid var(--line); padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
.content th { background: var(--tint); }
.content hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }
.back { margin: 2rem 0; }
.button-link {
  display: inline-block; padding: 0.5rem 1rem; border-radius: 6px; background: var(--brand);
  color: var(--on-brand); font-weight: 600; text-decoration: none;
}
.button-link:visited { color: var(--on-brand); }
.button-link:hover { text-decoration: underline; }

.site-footer { border-top: 1px solid var(--line); background: var(--tint); color: var(--muted); margin-top: 2rem; }
.site-footer p { margin: 1rem 0; }

@media (max-width: 30rem) {
  h1 { font-size: 1.625rem; }
  h2 { font-size: 1.3rem; }
  .search { max-width: none; }
}
@media (prefers-reduced-motion: no-preference) {
  html { scroll-behavior: smooth; }
}
@media print {
  .site-header, .site-footer, .skip-link, .toc, .back { display: none; }
  a { color: inherit; }
}
`;
