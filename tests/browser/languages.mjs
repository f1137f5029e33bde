// Pages in each of a site's languages, in Debian's Chromium.
//
//   node tests/browser/languages.mjs NAME=URL [NAME=URL ...]
//
// For each page at 320 and 1280 px it waits for the in-browser check, then reports the page's
// `lang` and `dir`, where the landing page's main column and its side column are, whether anything
// reaches past the window's edges, and axe-core's violations (at 1280 px). It prints one JSON
// report on stdout; tests/it/browser/languages.rs asserts it.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fatal, launch, loadChromium, openChecked } from './chromium.mjs';

const pages = process.argv.slice(2);
const chromium = await loadChromium();
let axeSource;
try {
  axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fatal(`tests/browser/node_modules is missing or incomplete (${e.message}): run scripts/test, which runs npm ci there`);
}

const { context, done } = await launch(chromium, 'languages');

const measure = () => {
  const box = sel => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right };
  };
  const viewport = document.documentElement.clientWidth;
  const overflowing = [...document.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, [hidden]'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > viewport + 0.5 || r.left < -0.5); })
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
    .slice(0, 10);
  return {
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    viewport,
    scroll_width: document.documentElement.scrollWidth,
    main: box('main'),
    c_main: box('.c-main'),
    c_side: box('.c-side'),
    heading: box('main h1'),
    overflowing,
    status: (document.querySelector('#verification') || {}).dataset?.verificationStatus || null,
    state: (document.querySelector('.verification-state') || {}).textContent || null,
    checks: [...document.querySelectorAll('.checks li')].map(li => li.textContent),
  };
};

const report = { pages: {}, errors: [] };
for (const spec of pages) {
  const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
  report.pages[name] = {};
  for (const width of [320, 1280]) {
    try {
      const { page, errors } = await openChecked(context, url, width, '.page-credential #verification');
      // On a page in another language, words.js puts the result into it once its messages load.
      await page.waitForFunction(() => {
        const b = document.querySelector('.page-credential #verification');
        return !b || document.documentElement.lang === 'en' || b.dataset.verificationWords === b.dataset.verificationRuns;
      }, null, { timeout: 15000 });
      const m = await page.evaluate(measure);
      m.errors = errors;
      if (width === 1280) {
        await page.addScriptTag({ content: axeSource });
        m.axe = await page.evaluate(async () => (await window.axe.run(document)).violations
          .map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })));
      }
      report.pages[name][width] = m;
      await page.close();
    } catch (e) {
      report.errors.push(`${name} at ${width}: ${e.stack || e}`);
    }
  }
}
await done();
console.log(JSON.stringify(report));
