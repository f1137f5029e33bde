// `hallmark serve` in Debian's Chromium: a landing page verifies itself against the preview server,
// a build error appears over the open page, and fixing it reloads the page with the change.
//
//   node tests/browser/serve.mjs PAGE_URL ROSTER_CSV OLD_NAME NEW_NAME
//
// The caller runs `hallmark serve`; this script edits ROSTER_CSV (it leaves it edited, with OLD_NAME
// replaced by NEW_NAME) and prints one JSON report on stdout, which tests/it/browser.rs asserts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [pageUrl, roster, oldName, newName] = process.argv.slice(2);
if (!pageUrl || !roster || !oldName || !newName) {
  console.error('usage: node tests/browser/serve.mjs PAGE_URL ROSTER_CSV OLD_NAME NEW_NAME');
  process.exit(2);
}
const CHROMIUM = process.env.HALLMARK_CHROMIUM || '/usr/bin/chromium';
const fatal = msg => { console.log(JSON.stringify({ fatal: msg })); process.exit(3); };
if (!fs.existsSync(CHROMIUM)) fatal(`${CHROMIUM} is missing: run scripts/test, which installs Chromium`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  fatal(`tests/browser/node_modules is missing (${e.message}): run scripts/test, which runs npm ci there`);
}

const report = { errors: [] };
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallmark-serve-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await context.newPage();
  page.on('pageerror', e => report.errors.push(String(e)));
  const status = async () => {
    await page.waitForFunction(() => {
      const b = document.querySelector('#verification');
      return b && +(b.dataset.verificationRuns || 0) >= 1 && b.getAttribute('aria-busy') === 'false';
    }, null, { timeout: 15000 });
    return page.evaluate(() => document.querySelector('#verification').dataset.verificationStatus);
  };
  await page.goto(pageUrl, { waitUntil: 'load' });
  // The event stream is open once the script has run and the server has said hello.
  await page.waitForTimeout(300);
  report.initial_status = await status();
  report.initial_name_shown = (await page.textContent('body')).includes(oldName);

  // A bad date in a new row: the build fails and the open page says where.
  const good = fs.readFileSync(roster, 'utf8');
  const badLine = good.trimEnd().split('\n').length + 1;
  report.bad_line = badLine;
  let t = Date.now();
  fs.writeFileSync(roster, good + 'sql,Bad Date,bad@example.org,2026-13-45,,,Spring\n');
  const box = await page.waitForSelector('#hallmark-build-error', { state: 'visible', timeout: 15000 });
  report.overlay_ms = Date.now() - t;
  report.overlay_text = await box.textContent();
  report.overlay_role = await box.getAttribute('role');

  // Fixed, and the name corrected at the same time: the page reloads, the overlay is gone, and the
  // old credential now says it was replaced.
  t = Date.now();
  const reloaded = page.waitForEvent('load', { timeout: 15000 });
  fs.writeFileSync(roster, good.replace(oldName, newName));
  await reloaded;
  report.reload_ms = Date.now() - t;
  report.overlay_after = await page.$('#hallmark-build-error') !== null;
  report.replaced_notice = await page.$('.notice-replaced') !== null;
  report.after_status = await status();
  const link = await page.getAttribute('.notice-replaced a', 'href');
  await page.goto(new URL(link, pageUrl).href, { waitUntil: 'load' });
  report.new_status = await status();
  report.new_name_shown = (await page.textContent('body')).includes(newName);
} catch (e) {
  report.errors.push(String(e && e.stack || e));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
