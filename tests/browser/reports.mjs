// Browser checks of `hallmark report --format html` and of the share redirect pages, in Debian's
// Chromium (never a downloaded browser).
//
//   node tests/browser/reports.mjs REPORT_HTML SHARE_PAGE_URL
//
// REPORT_HTML is a report file opened from disk with no network; SHARE_PAGE_URL a redirect page on
// a static server, opened with JavaScript off. Prints one JSON report on stdout for
// tests/it/reports.rs to assert.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [reportFile, sharePage] = process.argv.slice(2);
const CHROMIUM = process.env.HALLMARK_CHROMIUM || '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const { chromium } = await import('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const result = {};
try {
  // The report, offline: every request it makes is recorded (there must be none but the file).
  const context = await browser.newContext({ offline: true, bypassCSP: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', request => requests.push(request.url()));
  const fileUrl = pathToFileURL(reportFile).href;
  await page.goto(fileUrl);
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(async () => {
    const found = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return found.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  result.report = {
    requests: requests.filter(url => url !== fileUrl),
    violations: axe,
    tables: await page.locator('table').count(),
    chart: await page.locator('svg[role="img"] title').count(),
    heading: await page.locator('h1').innerText(),
  };
  await context.close();
  // A share page with JavaScript off: the browser goes on to LinkedIn by itself (the request is
  // recorded and refused: this machine has no outside network).
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const share = await noScript.newPage();
  const outside = [];
  await share.route(url => !url.href.startsWith(new URL(sharePage).origin), route => {
    outside.push(route.request().url());
    return route.abort();
  });
  await share.goto(sharePage).catch(() => {});
  const deadline = Date.now() + 5000;
  while (!outside.length && Date.now() < deadline) await new Promise(ok => setTimeout(ok, 50));
  result.share = { followed: outside };
  await noScript.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
