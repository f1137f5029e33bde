// Browser checks of a built hallmark site, in Debian's Chromium (never a downloaded browser).
//
//   node tests/browser/run.mjs BASE_URL PUBLIC_DIR [OUT_DIR]
//
// BASE_URL serves PUBLIC_DIR (the caller runs the HTTP server). PUBLIC_DIR/credentials/, when present, is a
// second site (another did:web issuer) under the same server. The script edits files in PUBLIC_DIR
// for the tampered, missing and broken cases and puts them back. It writes screenshots, the baked
// downloads and a PDF print-out to OUT_DIR, and prints one JSON report on stdout; tests/it/browser.rs
// asserts it. Exit status 0 means the report was produced, not that every check passed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const [base, pub, outArg] = process.argv.slice(2);
if (!base || !pub) {
  console.error('usage: node tests/browser/run.mjs BASE_URL PUBLIC_DIR [OUT_DIR]');
  process.exit(2);
}
const out = path.resolve(outArg || path.join(repo, 'target', 'browser'));
fs.mkdirSync(out, { recursive: true });
const CHROMIUM = process.env.HALLMARK_CHROMIUM || '/usr/bin/chromium';
const fatal = msg => { console.log(JSON.stringify({ fatal: msg })); process.exit(3); };
if (!fs.existsSync(CHROMIUM)) fatal(`${CHROMIUM} is missing: run scripts/test, which installs Chromium`);
const require = createRequire(import.meta.url);
let chromium, axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fatal(`tests/browser/node_modules is missing or incomplete (${e.message}): run scripts/test, which runs npm ci there`);
}

const report = { base, chromium: CHROMIUM, cases: {}, errors: [], external_requests: [] };
const origin = new URL(base).origin;
const url = rel => new URL(rel, base).href;

// The site's credentials, classified from the built files.
const creds = fs.readdirSync(path.join(pub, 'c')).map(id => {
  const dir = path.join(pub, 'c', id);
  const text = fs.readFileSync(path.join(dir, 'credential.json'), 'utf8');
  const json = JSON.parse(text);
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const name = json.credentialSubject.identifier.find(i => i.identityType === 'name').identityHash;
  return { id, dir, text, json, html, name, page: url(`c/${id}/`) };
});
// The template context hallmark must provide (see the README's Themes section): without it the
// pages degrade to no script, no QR code and plain downloads, and nothing below can work.
{
  const sample = creds.find(c => !c.html.includes('notice-')) || creds[0];
  const missing = [
    [/assets\/verify\.js/, 'assets.js'], [/data-qr="/, 'credential.page_url_abs'], [/data-linkedin="add"/, 'credential.linkedin_by_script'],
    [/data-linkedin="share"/, 'credential.linkedin_by_script'], [/og:image/, 'badge.image_png_url'], [/data-bake="svg"/, 'badge.image_svg_url'],
    [/download="[^"]+\.json"/, 'credential.json_download'], [/Verify a credential<\/a>/, 'site.verify_url'],
  ].filter(([re]) => !re.test(sample.html)).map(([, field]) => field);
  if (!fs.existsSync(path.join(pub, 'verify', 'index.html'))) missing.push('the verify/ page (verify.html)');
  if (missing.length) fatal(`the landing pages lack what these template fields provide: ${missing.join(', ')}`);
}
const now = Date.now();
const state = c => c.html.includes('notice-replaced') ? 'replaced' : c.html.includes('notice-revoked') ? 'revoked'
  : c.html.includes('notice-suspended') ? 'suspended' : c.json.validUntil && Date.parse(c.json.validUntil) < now ? 'expired' : 'active';
const hostile = creds.find(c => c.name.includes('<script>'));
const longName = creds.find(c => [...c.name].length === 200);
const rtl = creds.find(c => /^[\u0600-\u06ff]/.test(c.name) && state(c) === 'active');
const plain = creds.filter(c => state(c) === 'active' && c !== hostile && c !== longName && !c.html.includes('corrects and replaces'));
// The richest valid page (evidence, alignments, longest criteria) is the one measured and screenshot.
plain.sort((a, b) => b.html.length - a.html.length || a.id.localeCompare(b.id));
const valid = plain[0];
const pick = s => creds.find(c => state(c) === s && c !== hostile);
if (!valid) fatal('the site has no valid, active credential to check');

const launched = performance.now();
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hallmark-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  locale: 'en-GB',
  timezoneId: 'UTC',
});
// Nothing may leave the loopback site: record and refuse anything else.
await context.route('**/*', route => {
  const u = route.request().url();
  if (u.startsWith(origin + '/') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
  report.external_requests.push(u);
  return route.abort();
});
await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });

async function open(target, opts = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', d => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  if (opts.width) await page.setViewportSize({ width: opts.width, height: 900 });
  if (opts.scheme) await page.emulateMedia({ colorScheme: opts.scheme });
  await page.goto(target, { waitUntil: 'load' });
  page.errors = errors;
  return page;
}
// The check finished, and the certificate drawn (the page's own texts put into its badge's shell).
const settled = (page, runs = 1) => page.waitForFunction(
  n => {
    const b = document.querySelector('#verification');
    const drawn = !document.querySelector('.certificate[data-shell]') || document.getElementById('certificate');
    return b && +(b.dataset.verificationRuns || 0) >= n && b.getAttribute('aria-busy') === 'false' && drawn;
  },
  runs, { timeout: 15000 });
const result = page => page.evaluate(() => {
  const b = document.querySelector('#verification');
  return {
    status: b.dataset.verificationStatus,
    ms: +b.dataset.verificationMs,
    total_ms: +b.dataset.verificationTotalMs,
    summary: b.querySelector('.verification-state').textContent.trim(),
    checks: [...b.querySelectorAll('.checks li')].map(li => [li.className, li.textContent.trim()]),
    // What each line says after its name ("Signature (passed): …"): one plain sentence.
    sentences: [...b.querySelectorAll('.checks li')].map(li => li.textContent.trim().replace(/^[^:]*:\s*/, '')),
    facts: Object.fromEntries([...b.querySelectorAll('.verification-facts div')].map(d => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
    foreign_issuer: b.dataset.foreignIssuer || null,
    warning: (b.querySelector('.foreign') || {}).textContent || null,
    details: [...b.querySelectorAll('details dd')].map(d => d.textContent.trim()),
    issued_to: (b.querySelector('.verification-facts dd') || {}).textContent || null,
    carriers: document.querySelectorAll('[data-verification-status]').length,
  };
});
async function landing(c, opts) {
  const page = await open(c.page, opts);
  await settled(page);
  const r = await result(page);
  Object.assign(r, await page.evaluate(() => ({
    notice: (document.querySelector('#status-notice') || {}).textContent || null,
    notice_links: [...document.querySelectorAll('#status-notice a')].map(a => a.getAttribute('href')),
  })));
  r.errors = page.errors;
  return { page, r };
}
async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => (await window.axe.run(document)).violations.map(v =>
    ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })));
}
// The page as printed: A4 landscape, one page, the QR code and the link inside the certificate's
// frame, and whether the live check's state is on it. Leaves the page in print media.
async function printed(page, name) {
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  // The printable area of A4 landscape with 12 mm margins, at 96 px per inch.
  await page.setViewportSize({ width: 1032, height: 703 });
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  const pdf = await page.pdf({ path: path.join(out, `${name}.pdf`), preferCSSPageSize: true, printBackground: true });
  const r = await page.evaluate(() => {
    // The printable certificate when it prints (a valid credential), else the page's own frame.
    const cert = document.querySelector('.certificate');
    const certificate = !!cert && getComputedStyle(cert).display !== 'none';
    const box = e => e && e.getBoundingClientRect(), frame = box(certificate ? cert.querySelector('svg') : document.querySelector('article.credential'));
    const inside = e => { const b = box(document.querySelector(e)); return !!b && b.height > 0 && b.top >= frame.top && b.bottom <= frame.bottom && b.left >= frame.left && b.right <= frame.right; };
    const v = document.querySelector('#verification');
    return {
      certificate, qr_inside: inside(certificate ? '#cert-qr' : '.share .qr'), link_inside: inside(certificate ? '#cert-url' : '#share-url'), frame_bottom: frame.bottom,
      state_shown: !!v && getComputedStyle(v).display !== 'none', state_text: v ? v.querySelector('.verification-state').textContent.trim() : null,
      state_inside: !!v && getComputedStyle(v).display !== 'none' && inside('#verification'),
    };
  });
  r.pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  return r;
}
report.launch_ms = Math.round(performance.now() - launched);
// Each step's wall time goes to the report (step_ms), so a slow run says where it was slow.
report.step_ms = {};
const step = async (name, f) => {
  const t0 = performance.now();
  try { report.cases[name] = await f(); } catch (e) { report.errors.push(`${name}: ${e.stack || e}`); }
  report.step_ms[name] = Math.round(performance.now() - t0);
};

// 1. A valid credential: verified, timing, weight, screenshots, keyboard, copy, print, baked downloads.
await step('valid', async () => {
  const { page, r } = await landing(valid);
  r.id = valid.id;
  // HTML, CSS and JavaScript only: not the badge artwork, the logo or the credential's own JSON.
  const weigh = async () => page.evaluate(html => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter(e => /\.(css|js)$/.test(new URL(e.name).pathname));
    // The printable certificate (shown only in print) is weighed apart, as the badge image is: the
    // page's own texts as the page came (the script has since put them into the shell) and the shell.
    const own = new TextEncoder().encode((html.match(/<div class="certificate"[\s\S]*?<\/svg><\/div>/) || [''])[0]).length;
    const shell = performance.getEntriesByType('resource').filter(e => /\/assets\/cert\/shell-[0-9a-f]+\.html$/.test(new URL(e.name).pathname));
    const certificate = own + shell.reduce((s, e) => s + e.decodedBodySize, 0);
    return { html: nav.decodedBodySize, certificate, assets: res.map(e => [new URL(e.name).pathname, e.decodedBodySize]), total: nav.decodedBodySize - own + res.reduce((s, e) => s + e.decodedBodySize, 0) };
  }, await page.evaluate(() => fetch(location.href, { cache: 'force-cache' }).then(r => r.text())));
  r.weight = await weigh();
  r.links = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.actions a, .actions button')].map(a =>
    [a.textContent.trim(), { href: a.getAttribute('href'), download: a.getAttribute('download'), hidden: a.hidden }])));
  r.og = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')].map(m =>
    [m.getAttribute('property') || m.getAttribute('name'), m.content])));
  r.canonical = await page.evaluate(() => document.querySelector('link[rel="canonical"]').href);
  r.qr_hidden = await page.evaluate(() => document.querySelector('.share .qr').getAttribute('aria-hidden'));
  // The QR codes as the page's script draws them (qr.js), for tests/it/browser to read with rqrr.
  // Twice their size on screen, 296 px, so each module is several pixels wide in the capture.
  for (const block of ['share', 'wallet']) {
    const code = page.locator(`.${block} svg.qr`);
    await code.evaluate(svg => { svg.style.width = svg.style.height = '296px'; });
    await code.screenshot({ path: path.join(out, `qr-${block}.png`) });
    await code.evaluate(svg => { svg.style.width = svg.style.height = ''; });
  }
  r.downloads = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('a[download]')].map(a => [a.textContent.trim(), a.getAttribute('download')])));
  r.visible_text = await page.evaluate(() => document.querySelector('main').innerText);
  r.axe = await axe(page);
  // Keyboard: Tab reaches every control of the page once, each with a visible focus outline.
  await page.evaluate(() => document.activeElement.blur());
  r.tab_stops = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement, cs = getComputedStyle(el);
      return { tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40), outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    });
    if (stop.tag === 'BODY' || (r.tab_stops.length && stop.tag === r.tab_stops[0].tag && stop.text === r.tab_stops[0].text)) break;
    r.tab_stops.push(stop);
  }
  r.controls = await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, summary, textarea, select')].filter(e => !e.closest('[hidden]') && e.getClientRects().length).length);
  // Copy link.
  await page.click('button[data-action="copy"]');
  await page.waitForFunction(() => document.querySelector('#action-status').textContent !== '');
  r.copied = await page.evaluate(() => navigator.clipboard.readText());
  r.copy_message = await page.textContent('#action-status');
  // Baked downloads, through the page's own buttons.
  for (const [kind, sel] of [['png', 'a[data-bake="png"]'], ['svg', 'a[data-bake="svg"]']]) {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(sel)]);
    const file = path.join(out, `baked.${kind}`);
    await dl.saveAs(file);
    r[`baked_${kind}`] = { path: file, suggested: dl.suggestedFilename(), bytes: fs.statSync(file).size, baked: await page.getAttribute(sel, 'data-baked') };
  }
  // The page's SVG baking on images other tools write: a comment that mentions <svg> before the
  // root, a doctype, '>' inside an attribute, the Open Badges 2.0 namespace already bound to the
  // prefix, a prefixed root. The test compares each with src/bake.rs and verifies it.
  r.baked_awkward = await page.evaluate(async () => {
    const json = await (await fetch(document.querySelector('link[rel=alternate][type="application/ld+json"]').href)).text();
    const inputs = [
      '<?xml version="1.0"?>\n<!-- drawn from <svg> art -->\n<!DOCTYPE svg [<!ENTITY a "b">]>\n<svg xmlns="http://www.w3.org/2000/svg" data-x="a>b" xmlns:openbadges="http://openbadges.org" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n',
      "<s:svg xmlns:s='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>",
    ];
    const { bakeSvg } = await import(new URL('badges.js', document.querySelector('script[src$="/verify.js"]').src));
    return Promise.all(inputs.map(async input => ({ input, output: await bakeSvg(input, json).text() })));
  });
  // After Copy and the downloads, badges.js is part of the page too.
  r.weight_used = await weigh();
  for (const w of [390, 1280]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.screenshot({ path: path.join(out, `landing-${w}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(out, 'landing-1280-dark.png'), fullPage: true });
  r.axe_dark = await page.evaluate(async () => (await window.axe.run(document)).violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })));
  r.print = await printed(page, 'print');
  r.print_pages = r.print.pages;
  // Mobile width has no horizontal scrolling.
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 390, height: 900 });
  r.overflow_390 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 320, height: 900 });
  r.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  r.errors.push(...page.errors);
  await page.close();
  // Timing over fresh page loads.
  r.timings = [];
  r.total_timings = [];
  for (let i = 0; i < 7; i++) {
    const again = await landing(valid);
    r.timings.push(again.r.ms);
    r.total_timings.push(again.r.total_ms);
    await again.page.close();
  }
  return r;
});

// 2. Revoked, suspended, expired and replaced credentials.
for (const s of ['revoked', 'suspended', 'expired', 'replaced']) {
  await step(s, async () => {
    const c = pick(s);
    if (!c) return { missing: `the site has no ${s} credential` };
    const { page, r } = await landing(c);
    r.id = c.id;
    if (s === 'revoked') {
      r.axe = await axe(page);
      await page.screenshot({ path: path.join(out, 'revoked-1280.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 900 });
      await page.screenshot({ path: path.join(out, 'revoked-390.png'), fullPage: true });
    }
    await page.close();
    return r;
  });
}

// 3. Hostile names: literal in the page, the verified JSON, the QR label, the URLs; nothing runs.
await step('hostile', async () => {
  if (!hostile) return { missing: 'the site has no credential with a hostile name' };
  const { page, r } = await landing(hostile, { width: 390 });
  r.name = hostile.name;
  Object.assign(r, await page.evaluate(() => ({
    h1: document.querySelector('h1 .recipient').textContent,
    title: document.title,
    og_title: document.querySelector('meta[property="og:title"]').content,
    og_description: document.querySelector('meta[property="og:description"]').content,
    scripts: [...document.scripts].map(s => s.getAttribute('src')),
    injected: document.querySelectorAll('h1 script, main script, b, i').length,
    linkedin_add: document.querySelector('a[href*="linkedin.com/profile/add"]').href,
    linkedin_share: document.querySelector('a[href*="linkedin.com/sharing"]').href,
    linkedin_hidden: [...document.querySelectorAll('a[data-linkedin]')].filter(a => a.hidden).length,
    download_png: (document.querySelector('a[data-bake="png"]') || {}).download,
    qr_hidden: document.querySelector('.share .qr').getAttribute('aria-hidden'),
    page_url: document.querySelector('#share-url').value,
  })));
  // The credential as signed, which the LinkedIn links are filled in from (tests/it checks them).
  r.credential = await page.evaluate(() => fetch(document.querySelector('link[rel=alternate][type="application/ld+json"]').href).then(j => j.json()));
  r.axe = await axe(page);
  await page.screenshot({ path: path.join(out, 'hostile-390.png'), fullPage: false });
  await page.close();
  return r;
});

// 4. The verify page: the baked PNG dropped on it, the baked SVG chosen, JSON pasted, a landing
//    page's link, another issuer's credential, a forgery, and things that are no OB 3.0 credential.
await step('verify_page', async () => {
  const r = {};
  const page = await open(url('verify/'));
  r.axe_empty = await axe(page);
  let runs = 0;
  const next = async () => { await settled(page, ++runs); return result(page); };
  const paste = async text => { await page.fill('#verify-text', text); await page.click('form button[type="submit"]'); return next(); };
  const choose = async file => { await page.fill('#verify-text', ''); await page.setInputFiles('#verify-file', file); return next(); };
  // The result's live region is filled after it is shown (counted in frames, not in time) and
  // while its box is not busy, so screen readers announce it.
  await page.evaluate(() => {
    const box = document.querySelector('#verification'), st = box.querySelector('.verification-state'), live = window.liveRegion = { fills: [] };
    let frames = 0;
    const tick = () => { frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    new MutationObserver(() => { if (!box.hidden && live.shown_frame === undefined) live.shown_frame = frames; }).observe(box, { attributes: true, attributeFilter: ['hidden'] });
    const fill = st.replaceChildren;
    st.replaceChildren = function (...kids) {
      live.fills.push({ frame: frames, hidden: box.hidden, busy: box.getAttribute('aria-busy') });
      return fill.apply(this, kids);
    };
  });
  const png = report.cases.valid && report.cases.valid.baked_png;
  if (png) {
    const bytes = [...fs.readFileSync(png.path)];
    const dt = await page.evaluateHandle(b => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(b)], 'badge.png', { type: 'image/png' }));
      return d;
    }, bytes);
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
    r.dropped_png = await next();
    r.live_region = await page.evaluate(() => window.liveRegion);
  }
  const svg = report.cases.valid && report.cases.valid.baked_svg;
  if (svg) {
    r.chosen_svg = await choose(svg.path);
    // The same credential baked the way other tools write XML: another prefix for the Open Badges
    // namespace, the JSON as escaped text rather than CDATA, and a decoy inside a comment.
    const text = fs.readFileSync(svg.path, 'utf8');
    const json = text.split('<![CDATA[')[1].split(']]></openbadges:credential>')[0];
    const escaped = json.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const other = text
      .replace(/\s*xmlns:openbadges="[^"]*"/, '')
      .replace(/<openbadges:credential>[\s\S]*<\/openbadges:credential>/,
        `<!-- <openbadges:credential>{"decoy": true}</openbadges:credential> --><ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0">${escaped}</ob:credential>`);
    const file = path.join(out, 'baked-other-prefix.svg');
    fs.writeFileSync(file, other);
    r.chosen_svg_other_writer = await choose(file);
  }
  r.pasted = await paste(valid.text);
  r.axe_result = await axe(page);
  for (const w of [390, 1280]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.screenshot({ path: path.join(out, `verify-${w}.png`), fullPage: true });
  }
  r.pasted_altered = await paste(valid.text.replace(/("validFrom": ?")2/, (_, key) => key + '1'));
  r.pasted_garbage = await paste('not json');
  // On a fresh verify page, the issuer's DID document away for a moment: could not check; a second
  // try once it is back checks again rather than repeating the first answer.
  {
    const did = [path.join(pub, 'did.json'), path.join(pub, '.well-known', 'did.json')].find(f => fs.existsSync(f)), saved = fs.readFileSync(did);
    const p2 = await open(url('verify/'));
    let n = 0;
    const again = async () => {
      await p2.fill('#verify-text', valid.text); await p2.click('form button[type="submit"]');
      await settled(p2, ++n); return result(p2);
    };
    fs.unlinkSync(did);
    try { r.pasted_did_away = await again(); } finally { fs.writeFileSync(did, saved); }
    r.pasted_did_back = await again();
    await p2.close();
  }
  // The hostile credential, verified from pasted JSON, shows its name literally.
  if (hostile) r.pasted_hostile = await paste(hostile.text);
  // The link a recipient shares is the landing page (HTML): its credential's JSON is followed.
  r.pasted_page_link = await paste(valid.page);
  // A link to the verify page can name what to check: verify/?url=<a landing page> checks it at once.
  {
    const p3 = await open(url(`verify/?url=${encodeURIComponent(valid.page)}`));
    await settled(p3, 1);
    r.linked_page = { ...await result(p3), text: await p3.inputValue('#verify-text') };
    await p3.close();
  }
  // Not Open Badges 3.0 credentials at all.
  r.pasted_ob2 = await paste(JSON.stringify({
    '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'https://example.org/assertions/1',
    recipient: { type: 'email', hashed: true, identity: 'sha256$00' }, badge: 'https://example.org/badges/1',
    verification: { type: 'hosted' }, issuedOn: '2016-12-31T23:59:59Z',
  }));
  r.pasted_random_json = await paste('{"hello": "world", "n": [1, 2]}');
  r.pasted_array = await paste(`[${valid.text}]`);
  r.pasted_jwt = await paste('eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJkaWQ6d2ViOmV4YW1wbGUuY29tIiwidmMiOnt9fQ.c2lnbmF0dXJl');
  const art = fs.readdirSync(path.join(pub, 'badges')).map(b => path.join(pub, 'badges', b));
  const plainPng = art.map(d => path.join(d, 'badge-512.png')).find(f => fs.existsSync(f));
  const plainSvg = art.map(d => path.join(d, 'image.svg')).find(f => fs.existsSync(f));
  r.chosen_plain_png = await choose(plainPng);
  r.chosen_plain_svg = await choose(plainSvg);
  // A forgery: an expired credential re-issued under a did:key, so its proofs cannot be checked.
  const exp = pick('expired');
  if (exp) {
    const forged = structuredClone(exp.json), key = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    forged.issuer.id = key;
    delete forged.credentialStatus;
    for (const p of forged.proof) p.verificationMethod = `${key}#${key.slice(8)}`;
    r.pasted_forged_expired = await paste(JSON.stringify(forged, null, 2));
    // Long unbroken identifiers wrap at 320 px, the technical details open.
    await page.setViewportSize({ width: 320, height: 900 });
    await page.click('#verification summary');
    r.overflow_320_forged = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: path.join(out, 'verify-forged-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // Another did:web issuer's credential verifies, but it is shown as that issuer's, under a warning.
  const otherDir = path.join(pub, 'credentials', 'c');
  if (fs.existsSync(otherDir)) {
    const id = fs.readdirSync(otherDir).sort().find(i => {
      const j = JSON.parse(fs.readFileSync(path.join(otherDir, i, 'credential.json'), 'utf8'));
      return !j.validUntil || Date.parse(j.validUntil) > now;
    });
    const text = fs.readFileSync(path.join(otherDir, id, 'credential.json'), 'utf8');
    r.pasted_foreign = await paste(text);
    r.pasted_foreign.claimed_name = JSON.parse(text).issuer.name;
    r.pasted_foreign.issuer_did = JSON.parse(text).issuer.id;
    r.axe_foreign = await axe(page);
    for (const w of [390, 1280]) {
      await page.setViewportSize({ width: w, height: 900 });
      await page.screenshot({ path: path.join(out, `verify-foreign-${w}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    r.axe_foreign_dark = await axe(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.click('#verification summary');
    r.overflow_320_foreign = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: path.join(out, 'verify-foreign-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // The same site's own credential afterwards is not marked as another issuer's.
    r.pasted_after_foreign = await paste(valid.text);
  }
  r.errors = page.errors;
  await page.close();
  return r;
});

// 5. The served JSON altered by one character: failed.
await step('tampered', async () => {
  const file = path.join(valid.dir, 'credential.json');
  const name = /"name": ?"/.exec(valid.text);
  const at = name.index + name[0].length;
  const ch = valid.text[at] === 'X' ? 'Y' : 'X';
  fs.writeFileSync(file, valid.text.slice(0, at) + ch + valid.text.slice(at + 1));
  try {
    const { page, r } = await landing(valid);
    r.changed = `${valid.text[at]} -> ${ch} at byte ${at}`;
    await page.screenshot({ path: path.join(out, 'tampered-1280.png') });
    await page.close();
    return r;
  } finally { fs.writeFileSync(file, valid.text); }
});

// 6. Status list missing, DID document missing: unknown, never verified.
const servedPath = u => path.join(pub, decodeURIComponent(new URL(u).pathname.slice(new URL(base).pathname.length)));
for (const [name, target] of [['missing_status', valid.json.credentialStatus.statusListCredential], ['missing_did', null]]) {
  await step(name, async () => {
    const file = target ? servedPath(target)
      : fs.existsSync(path.join(pub, 'did.json')) ? path.join(pub, 'did.json') : path.join(pub, '.well-known', 'did.json');
    const aside = file + '.aside';
    fs.renameSync(file, aside);
    try {
      const { page, r } = await landing(valid);
      r.removed = path.relative(pub, file);
      await page.close();
      return r;
    } finally { fs.renameSync(aside, file); }
  });
}

// 7. The browser's clock decides expiry: a page built before expiry says expired after it, and so
//    does its printed certificate. And a browser without Ed25519 in WebCrypto cannot check, so it
//    says unknown, never verified.
const didFile = fs.existsSync(path.join(pub, 'did.json')) ? path.join(pub, 'did.json') : path.join(pub, '.well-known', 'did.json');
// A page whose clock runs a day after the credential's validUntil.
async function afterExpiry(c) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  await page.addInitScript(t => { const real = Date.now, shift = t - real(); Date.now = () => real() + shift; }, Date.parse(c.json.validUntil) + 86400e3);
  await page.goto(c.page);
  await settled(page);
  return page;
}
const expiring = plain.find(x => x.json.validUntil);
await step('clock_after_expiry', async () => {
  if (!expiring) return { missing: 'no active credential expires' };
  const page = await afterExpiry(expiring);
  const r = await result(page);
  r.valid_until = expiring.json.validUntil;
  r.print = await printed(page, 'print-expired');
  await page.close();
  return r;
});
// An unverified signature never makes a credential "genuine but expired": the DID document is
// missing and the clock is after expiry.
await step('expired_unverified', async () => {
  if (!expiring) return { missing: 'no active credential expires' };
  fs.renameSync(didFile, didFile + '.aside');
  try {
    const page = await afterExpiry(expiring);
    const r = await result(page);
    r.print = await printed(page, 'print-unverified');
    await page.close();
    return r;
  } finally { fs.renameSync(didFile + '.aside', didFile); }
});
await step('no_ed25519', async () => {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle);
    crypto.subtle.importKey = (format, key, alg, ...rest) => alg && alg.name === 'Ed25519'
      ? Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError')) : importKey(format, key, alg, ...rest);
  });
  await page.goto(valid.page);
  await settled(page);
  const r = await result(page);
  await page.close();
  return r;
});

// 8. Broken issuer files: a DID document that is a web page, a status list whose own proof fails.
await step('html_did', async () => {
  const text = fs.readFileSync(didFile, 'utf8');
  fs.writeFileSync(didFile, '<html><body>Moved</body></html>');
  try {
    const { page, r } = await landing(valid, { width: 320 });
    await page.click('#verification summary');
    r.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    r.did_url = url(path.relative(pub, didFile));
    await page.screenshot({ path: path.join(out, 'html-did-320.png'), fullPage: true });
    await page.close();
    return r;
  } finally { fs.writeFileSync(didFile, text); }
});
// Lists the issuer signed but that may not be read (prepared by tests/it/browser.rs with the test key).
for (const [name, file] of [['status_list_future', 'future.json'], ['status_list_short', 'short.json']]) {
  await step(name, async () => {
    const served = servedPath(valid.json.credentialStatus.statusListCredential), text = fs.readFileSync(served, 'utf8');
    fs.copyFileSync(path.join(out, 'prepared', file), served);
    try {
      const { page, r } = await landing(valid);
      await page.close();
      return r;
    } finally { fs.writeFileSync(served, text); }
  });
}

await step('bad_status_list', async () => {
  const file = servedPath(valid.json.credentialStatus.statusListCredential), text = fs.readFileSync(file, 'utf8');
  const list = JSON.parse(text), proof = [].concat(list.proof).find(p => p.cryptosuite === 'eddsa-rdfc-2022');
  const at = proof.proofValue.length - 5, ch = proof.proofValue[at] === 'A' ? 'B' : 'A';
  proof.proofValue = proof.proofValue.slice(0, at) + ch + proof.proofValue.slice(at + 1);
  fs.writeFileSync(file, JSON.stringify(list, null, 2));
  try {
    const { page, r } = await landing(valid);
    await page.close();
    return r;
  } finally { fs.writeFileSync(file, text); }
});

// 9. A 200-character name: the certificate prints on one page with its QR code and link; a
//    right-to-left name keeps to the page's side; with JavaScript off the page promises nothing
//    that needs it.
await step('long_name', async () => {
  if (!longName) return { missing: 'the site has no credential with a 200-character name' };
  const { page, r } = await landing(longName, { width: 390 });
  r.id = longName.id;
  r.overflow_390 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: path.join(out, 'long-name-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(out, 'long-name-1280.png'), fullPage: true });
  r.print = await printed(page, 'print-long-name');
  await page.close();
  return r;
});
await step('rtl', async () => {
  if (!rtl) return { missing: 'the site has no active credential with an Arabic name' };
  const { page, r } = await landing(rtl);
  r.name = rtl.name;
  Object.assign(r, await page.evaluate(() => {
    // Where the glyphs are, not the element's box: a right-aligned name fills its box too.
    const text = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
    const h1 = document.querySelector('h1').getBoundingClientRect(), name = text(document.querySelector('h1 .recipient'));
    const earned = text(document.querySelector('h1 .earned'));
    return { name_left: name.left - h1.left, earned_left: earned.left - h1.left, name_right_gap: h1.right - name.right };
  }));
  await page.screenshot({ path: path.join(out, 'rtl-1280.png') });
  await page.close();
  return r;
});
// 9b. Print clicked before the certificate's shell has come (a slow network): the page prints once
//     the certificate is drawn, not the page without it.
await step('print_before_shell', async () => {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.print = () => { window.printed = { certificate: !!document.getElementById('certificate') }; };
  });
  let held = 0;
  await page.route(/\/assets\/cert\/shell-[0-9a-f]+\.html$/, async route => {
    held++;
    await new Promise(resolve => setTimeout(resolve, 1500));
    return route.fallback();
  });
  await page.goto(valid.page);
  await page.locator('[data-action="print"]').click();
  const drawnAtClick = await page.evaluate(() => !!document.getElementById('certificate'));
  await page.waitForFunction(() => window.printed, null, { timeout: 15000 });
  const r = { held, drawn_at_click: drawnAtClick, printed: await page.evaluate(() => window.printed) };
  await page.close();
  return r;
});

await step('no_js', async () => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(valid.page);
  const r = await page.evaluate(() => ({
    text: document.querySelector('main').innerText,
    verification_links: [...document.querySelectorAll('#verification a')].map(a => a.getAttribute('href')),
    json_link: document.querySelector('a[href$="credential.json"][download]').getAttribute('href'),
    png: document.querySelector('a[data-bake="png"]').getAttribute('href'),
    qr_codes_shown: [...document.querySelectorAll('[data-qr], .qr-box, svg.qr')].filter(code => code.getBoundingClientRect().width > 0).length,
  }));
  await page.screenshot({ path: path.join(out, 'no-js-390.png'), fullPage: true });
  await page.close();
  return r;
});

// 10. Other pages: accessibility and screenshots.
await step('pages', async () => {
  const r = {};
  const badge = fs.readdirSync(path.join(pub, 'badges')).sort()[0];
  for (const [name, rel] of [['home', ''], ['badge', `badges/${badge}/`]]) {
    const page = await open(url(rel));
    r[name] = { axe: await axe(page), errors: page.errors };
    await page.emulateMedia({ colorScheme: 'dark' });
    r[name].axe_dark = await page.evaluate(async () => (await window.axe.run(document)).violations.map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: path.join(out, `${name}-390.png`), fullPage: true });
    await page.close();
  }
  return r;
});

// 11. The verifier's own pieces against published vectors: RFC 8785 and W3C eddsa-jcs-2022.
await step('vectors', async () => {
  const page = await open(url('verify/'));
  const vec = f => fs.readFileSync(path.join(repo, 'tests', 'vectors', 'w3c-vc-di-eddsa', f), 'utf8');
  const r = await page.evaluate(async ({ unsigned, canonDoc, config, canonConfig, signed, key }) => {
    const H = await import(new URL('verifier.js', document.querySelector('script[src$="/verify-page.js"]').src));
    const rfc = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    const order = JSON.parse('{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}');
    const raw = H.decodeBase58(key.slice(1)).slice(2);
    const k = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    const ok = await H.verifyJcsProof(signed, signed.proof, k).then(() => true, e => e.message);
    const t = structuredClone(signed); t.credentialSubject.alumniOf = 'The School of Exampless';
    const bad = await H.verifyJcsProof(t, signed.proof, k).then(() => true, e => e.message);
    return {
      doc: H.canonicalize(JSON.parse(unsigned)) === canonDoc.trim(),
      config: H.canonicalize(JSON.parse(config)) === canonConfig.trim(),
      rfc8785_numbers: H.canonicalize(rfc),
      rfc8785_order: [...H.canonicalize(order).matchAll(/"([^"]*)":/g)].map(m => JSON.parse(`"${m[1]}"`).codePointAt(0).toString(16)),
      w3c_signed_verifies: ok,
      w3c_tampered: bad,
    };
  }, {
    unsigned: vec('unsigned.json'), canonDoc: vec('eddsa-jcs-2022/canonDocJCS.txt'),
    config: vec('eddsa-jcs-2022/proofConfigJCS.json'), canonConfig: vec('eddsa-jcs-2022/proofCanonJCS.txt'),
    signed: JSON.parse(vec('eddsa-jcs-2022/signedJCS.json')), key: JSON.parse(vec('keyPair.json')).publicKeyMultibase,
  });
  await page.close();
  return r;
});

// 11b. eddsa-rdfc-2022 in Chromium, by the published verifier with the site's contexts.json: the
//      shared cases (tests/cases/) that are about it, each expected as expected.json says for the
//      browser, and a clique of 12 blank nodes that must end at the work limit, not freeze the tab.
await step('rdfc', async () => {
  const page = await open(url('verify/'));
  const names = ['verified', 'rdfc-only', 'rdfc-proof-broken', 'undefined-term', 'unbundled-context', 'tampered'];
  const cases = Object.fromEntries(names.map(name => {
    const dir = path.join(repo, 'tests', 'cases', name), read = f => fs.readFileSync(path.join(dir, f), 'utf8');
    const { now, served } = JSON.parse(read('case.json')), expected = JSON.parse(read('expected.json'));
    const files = Object.fromEntries(Object.entries(served).map(([u, f]) => [u, JSON.parse(read(f))]));
    return [name, { now, files, credential: JSON.parse(read('credential.json')), expected: (expected.browser || expected).state }];
  }));
  const clique = [...Array(12).keys()].map(i => `_:k${i}`);
  const bomb = structuredClone(cases['rdfc-only']);
  bomb.credential.credentialSubject.achievement.alignment = clique.map(id => ({ id, type: ['Alignment'],
    targetName: 'n', alignment: clique.filter(other => other !== id).map(other => ({ id: other })) }));
  bomb.expected = 'unknown';
  cases['blank-node clique'] = bomb;
  const r = await page.evaluate(async cases => {
    const scripts = document.querySelector('script[src$="/verify-page.js"]').src;
    const H = await import(new URL('verifier.js', scripts));
    const vocabulary = await (await fetch(new URL('contexts.json', scripts))).json();
    const out = {};
    for (const [name, c] of Object.entries(cases)) {
      const fetchJson = async u => {
        if (!Object.hasOwn(c.files, u)) throw new Error(`HTTP 404 for ${u}`);
        return structuredClone(c.files[u]);
      };
      const started = performance.now();
      const result = await H.verifyCredential(c.credential, { fetchJson, now: Date.parse(c.now),
        loadContexts: async () => vocabulary });
      const proof = result.steps.find(s => s.step === 'proof');
      out[name] = { state: result.state, expected: c.expected, proof: proof && proof.outcome,
        plain: proof && proof.plain, ms: Math.round(performance.now() - started) };
    }
    return out;
  }, cases);
  await page.close();
  return r;
});

// 12. The published stylesheet is the theme's source without comments and white space
//     (src/render/compact.rs): the browser must understand both as the very same rules.
await step('css_as_published', async () => {
  const page = await open(url('verify/'));
  const source = fs.readFileSync(path.join(repo, 'themes', 'default', 'static', 'hallmark.css'), 'utf8');
  const published = fs.readFileSync(path.join(pub, 'assets', 'hallmark.css'), 'utf8');
  const r = await page.evaluate(({ source, published }) => {
    // Rules as the browser parsed them. A custom property keeps its value's text as written, so
    // there, and only there, white space beside a comma (which means nothing) is set aside.
    const rule = r => {
      if (r.style) {
        const props = [...r.style].map(p => [p, r.style.getPropertyValue(p), r.style.getPropertyPriority(p)])
          .map(([p, v, i]) => `${p}:${p.startsWith('--') ? v.trim().replace(/\s*,\s*/g, ',') : v}${i ? '!' + i : ''}`);
        return `${r.selectorText || r.keyText || ''}{${props.join(';')}}`;
      }
      if (r.cssRules) return `${r.conditionText || r.name || ''}{${[...r.cssRules].map(rule).join('')}}`;
      return r.cssText;
    };
    const rules = text => { const s = new CSSStyleSheet(); s.replaceSync(text); return [...s.cssRules].map(rule); };
    const a = rules(source), b = rules(published);
    return { rules: a.length, same: JSON.stringify(a) === JSON.stringify(b), first_difference: a.find((r, i) => r !== b[i]) || null };
  }, { source, published });
  r.bytes = [Buffer.byteLength(source), Buffer.byteLength(published)];
  await page.close();
  return r;
});

// Every landing page's own weight, from the files (the browser measured the richest one above):
// HTML, CSS, verify.js and the modules it imports: every script of the theme but the verify page's
// own, badges.js, which only the first click on Copy, Print or Download loads (reported apart), and
// log.js, which only sites with a public log load, and words.js, which only pages in another
// language than English load.
await step('weights', async () => {
  const asset = f => fs.statSync(path.join(pub, 'assets', f)).size;
  const scripts = fs.readdirSync(path.join(pub, 'assets')).filter(f => f.endsWith('.js') && f !== 'verify-page.js');
  // log.js is loaded only on sites whose DID document names a public log (this one names none).
  const js = scripts.filter(f => !['badges.js', 'log.js', 'words.js'].includes(f)).reduce((sum, f) => sum + asset(f), 0);
  const shared = asset('hallmark.css') + js;
  // [id, page without its printable certificate, the certificate] (the certificate weighed apart).
  // A certificate is its page's own texts and its badge's shell (a file its badge's pages share),
  // or (for an id the shell does not fit) its own parts whole, with their <style>.
  const certOf = html => {
    const own = (html.match(/(<style>@page cert-[^<]*<\/style>\n)?<div class="certificate"[\s\S]*?<\/svg><\/div>/) || [''])[0];
    const shell = (own.match(/data-shell="[^"]*\/(assets\/cert\/shell-[0-9a-f]+\.html)"/) || [])[1];
    return [Buffer.byteLength(own), Buffer.byteLength(own) + (shell ? fs.statSync(path.join(pub, shell)).size : 0)];
  };
  const pages = creds.map(c => [c.id, Buffer.byteLength(c.html) - certOf(c.html)[0] + shared, certOf(c.html)[1]]).sort((a, b) => b[1] - a[1]);
  return {
    css: asset('hallmark.css'), js, scripts, badges_js: asset('badges.js'), heaviest: pages[0], lightest: pages[pages.length - 1],
    heaviest_certificate: Math.max(...pages.map(p => p[2])),
    long_name: longName ? pages.find(p => p[0] === longName.id) : null, heaviest_demo: pages.find(p => !longName || p[0] !== longName.id),
  };
});

await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(JSON.stringify(report, null, 1));
