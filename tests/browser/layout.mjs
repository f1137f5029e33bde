// Screenshots and layout measurements of landing pages, in Debian's Chromium.
//
//   node tests/browser/layout.mjs OUT_DIR NAME=URL [NAME=URL ...]
//
// For each page and each width (320, 768, 1280 px) it waits for the in-browser check to finish,
// writes OUT_DIR/<NAME>-<width>.png (the whole page) and measures: the content column's width, the
// left and right edges of the header's, the content column's and the footer's boxes, and every
// element that reaches past the viewport's right edge. It prints one JSON report on stdout;
// tests/it/browser/screenshots.rs asserts it. Exit status 0 means the report was produced.

import fs from 'node:fs';
import path from 'node:path';
import { launch, loadChromium, openChecked } from './chromium.mjs';

const [outArg, ...pages] = process.argv.slice(2);
if (!outArg || !pages.length) {
  console.error('usage: node tests/browser/layout.mjs OUT_DIR NAME=URL [NAME=URL ...]');
  process.exit(2);
}
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
const chromium = await loadChromium();

const WIDTHS = [320, 768, 1280];
const { context, done } = await launch(chromium, 'layout', { locale: 'en-GB' });

// What the page draws, measured in CSS pixels from the viewport's left edge.
const measure = () => {
  // The content box (where a column's text and cards begin and end), or with `border` the border box.
  const box = (sel, border) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
    const inset = side => border ? 0 : parseFloat(cs[`padding${side}`]) + parseFloat(cs[`border${side}Width`]);
    const left = r.left + inset('Left'), right = r.right - inset('Right');
    return { left, right, width: right - left };
  };
  const viewport = document.documentElement.clientWidth;
  const overflowing = [...document.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, [hidden]'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > viewport + 0.5 || r.left < -0.5); })
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`)
    .slice(0, 10);
  const buttons = [...document.querySelectorAll('.credential .actions .button')].filter(b => b.getClientRects().length)
    .map(b => { const r = b.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, height: r.height }; });
  return {
    viewport,
    scroll_width: document.documentElement.scrollWidth,
    header: box('.site-header .wrap'),
    content: box('main'),
    footer: box('.site-footer .wrap'),
    credential: box('article.credential'),
    hero: box('.hero', true),
    verification: box('#verification', true),
    overflowing,
    buttons,
    status: (document.querySelector('#verification') || {}).dataset?.verificationStatus || null,
  };
};

const report = { pages: {}, errors: [] };
for (const spec of pages) {
  const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
  report.pages[name] = {};
  for (const width of WIDTHS) {
    try {
      const { page, errors } = await openChecked(context, url, width);
      await page.evaluate(() => document.fonts.ready);
      const m = await page.evaluate(measure);
      m.errors = errors;
      const file = path.join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
      m.screenshot = file;
      report.pages[name][width] = m;
      await page.close();
    } catch (e) {
      report.errors.push(`${name} at ${width}: ${e.stack || e}`);
    }
  }
}
await done();
console.log(JSON.stringify(report));
