// Debian's Chromium for the page scripts: found and launched the same way by each, and a page
// opened once its in-browser check has run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.HALLMARK_CHROMIUM || '/usr/bin/chromium';

/** Prints a fatal report (the Rust side reads it) and exits. */
export const fatal = msg => { console.log(JSON.stringify({ fatal: msg })); process.exit(3); };

/** playwright-core's chromium, or a fatal report saying what to install. */
export async function loadChromium() {
  if (!fs.existsSync(CHROMIUM)) fatal(`${CHROMIUM} is missing: run scripts/test, which installs Chromium`);
  try {
    return (await import('playwright-core')).chromium;
  } catch (e) {
    return fatal(`tests/browser/node_modules is missing or incomplete (${e.message}): run scripts/test, which runs npm ci there`);
  }
}

/**
 * A headless persistent context with a fresh profile named `name` (`options` add to the defaults),
 * and `done()`, which closes it and removes the profile.
 */
export async function launch(chromium, name, options = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `hallmark-${name}-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--font-render-hinting=none'],
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  });
  const done = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, done };
}

/**
 * Opens `url` at `width` px and waits until the check of `selector` (the landing page's
 * verification box) has run, when the page has one. Returns the page and the errors it throws.
 */
export async function openChecked(context, url, width, selector = '#verification') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(sel => {
    const b = document.querySelector(sel);
    return !b || (+(b.dataset.verificationRuns || 0) >= 1 && b.getAttribute('aria-busy') === 'false');
  }, selector, { timeout: 15000 });
  return { page, errors };
}
