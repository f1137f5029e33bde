// The landing page's public-log line in Debian's Chromium (tests/it/tlog_browser.rs):
//
//   node tests/browser/log.mjs PAGE_URL [PNG]
//
// Opens the page in a fresh headless Chromium, waits until the log line has its verdict, and
// prints { state, text, errors } as JSON (and saves a screenshot when PNG is given). Nothing may
// leave the loopback site.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [target, png] = process.argv.slice(2);
const CHROMIUM = process.env.HALLMARK_CHROMIUM || '/usr/bin/chromium';
const { chromium } = await import('playwright-core');
const origin = new URL(target).origin;
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallmark-chromium-log-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  viewport: { width: 1280, height: 900 },
});
const errors = [];
await context.route('**/*', route => {
  const url = route.request().url();
  if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
  errors.push(`external request: ${url}`);
  return route.abort();
});
const page = await context.newPage();
page.on('pageerror', error => errors.push(String(error)));
await page.goto(target);
const line = page.locator('.verification-log');
await page.waitForFunction(() => {
  const element = document.querySelector('.verification-log');
  return element && !['none', 'checking'].includes(element.dataset.logState);
}, null, { timeout: 20000 }).catch(error => errors.push(`no verdict: ${error.message}`));
const result = { state: await line.getAttribute('data-log-state'), text: await line.textContent(), errors };
if (png) await page.screenshot({ path: png, fullPage: true });
await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(JSON.stringify(result));
