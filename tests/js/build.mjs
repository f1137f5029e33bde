// Builds the default theme's published scripts, themes/default/static/*.js, from their readable
// sources in themes/default/src/ with terser (the version tests/js/package-lock.json pins):
// comments, white space and long local names go, so a landing page stays within its weight budget
// (tests/it/browser.rs) however plainly the sources are written. It also writes the vocabulary the
// browser verifier checks eddsa-rdfc-2022 with, themes/default/static/contexts.json, from the
// bundled contexts in contexts/ (contexts.mjs).
//
//   node tests/js/build.mjs            write themes/default/static/*.js and contexts.json
//   node tests/js/build.mjs --check    exit 1 if a published file is not its source's build
//
// published.test.mjs makes the same check part of the test suite.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { minify } from 'terser';

import { build as buildContexts } from './contexts.mjs';

export const sourceDir = new URL('../../themes/default/src/', import.meta.url);
export const publishedDir = new URL('../../themes/default/static/', import.meta.url);

export const sources = () => fs.readdirSync(sourceDir).filter(name => name.endsWith('.js')).sort();

// The published text of themes/default/src/<name>. The header is a whole-line comment, which the
// build of a site leaves out (src/render/theme.rs).
export async function build(name) {
  const source = fs.readFileSync(new URL(name, sourceDir), 'utf8');
  const { code } = await minify({ [name]: source }, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    format: {
      comments: false,
      preamble: `/* hallmark: built from themes/default/src/${name} by tests/js/build.mjs (terser); do not edit. */`,
    },
  });
  return `${code}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  const built = Object.fromEntries(await Promise.all(sources().map(async name => [name, await build(name)])));
  built['contexts.json'] = buildContexts();
  for (const name of Object.keys(built)) {
    const target = new URL(name, publishedDir);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (current === built[name]) continue;
    if (check) {
      stale++;
      console.error(`themes/default/static/${name} is not what node tests/js/build.mjs makes: run it`);
    } else {
      fs.writeFileSync(target, built[name]);
      console.log(`wrote themes/default/static/${name}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
