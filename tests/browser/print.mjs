// Landing pages printed to PDF in Debian's Chromium, as File > Print does with the page's own
// print style sheet (preferCSSPageSize: each certificate's named @page gives the sheet).
//
//   node tests/browser/print.mjs OUT_DIR NAME=URL [NAME=URL ...]
//
// For each page it waits for the in-browser check to finish, switches to print media, writes
// OUT_DIR/<NAME>.pdf and measures the printed certificate: its size in CSS pixels and whether
// each name lies inside the sheet. It prints one JSON report on stdout; tests/it/browser/print.rs
// reads the PDFs with poppler (pdfinfo, pdftoppm) and decodes the QR code. Exit status 0 means the
// report was produced.

import fs from 'node:fs';
import path from 'node:path';
import { launch, loadChromium, openChecked } from './chromium.mjs';

const [outArg, ...pages] = process.argv.slice(2);
if (!outArg || !pages.length) {
  console.error('usage: node tests/browser/print.mjs OUT_DIR NAME=URL [NAME=URL ...]');
  process.exit(2);
}
const out = path.resolve(outArg);
fs.mkdirSync(out, { recursive: true });
const chromium = await loadChromium();
const { context, done } = await launch(chromium, 'print', { locale: 'en-GB' });

// The certificate as printed: its box, and the text boxes that reach past the sheet's edges.
const measure = () => {
  const svg = document.getElementById('certificate');
  if (!svg) return { certificate: null };
  const sheet = svg.getBoundingClientRect();
  const outside = [...svg.querySelectorAll('text')]
    .map(t => ({ id: t.id, text: t.textContent, r: t.getBoundingClientRect() }))
    .filter(({ r }) => r.left < sheet.left - 0.5 || r.right > sheet.right + 0.5 || r.bottom > sheet.bottom + 0.5)
    .map(({ id, text }) => id || text);
  const visible = [...document.body.querySelectorAll('body *')]
    .filter(e => e.getClientRects().length && !e.closest('.certificate') && !e.contains(svg))
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return { certificate: { left: sheet.left + scrollX, top: sheet.top + scrollY, width: sheet.width, height: sheet.height }, outside, visible };
};

const report = { pages: {}, errors: [] };
for (const arg of pages) {
  const at = arg.indexOf('=');
  const [name, url] = [arg.slice(0, at), arg.slice(at + 1)];
  const { page, errors } = await openChecked(context, url, 1280);
  await page.emulateMedia({ media: 'print' });
  // Measured on a window the sheet's size, as the printed page is.
  // A page's certificate is its own texts put into its badge's shell by the page's script.
  await page.waitForFunction(() => !document.querySelector('.certificate[data-shell]') || document.getElementById('certificate'));
  const size = await page.evaluate(() => { const s = document.getElementById('certificate'); return s && [s.getBoundingClientRect().width, s.getBoundingClientRect().height]; });
  if (size) await page.setViewportSize({ width: Math.round(size[0]), height: Math.round(size[1]) });
  const file = path.join(out, `${name}.pdf`);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  report.pages[name] = { pdf: file, ...(await page.evaluate(measure)) };
  report.errors.push(...errors.map(e => `${name}: ${e}`));
  await page.close();
}
await done();
console.log(JSON.stringify(report));
