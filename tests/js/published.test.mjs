// What sites publish (themes/default/static/*.js) is the build of the readable sources
// (themes/default/src/*.js): a source changed without running `node tests/js/build.mjs` fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { build, publishedDir, sources } from './build.mjs';
import { build as buildContexts } from './contexts.mjs';

test('every source has its published build, and nothing else is published', () => {
  const published = fs.readdirSync(publishedDir).filter(name => name.endsWith('.js')).sort();
  assert.deepEqual(published, sources());
});

for (const name of sources()) {
  test(`themes/default/static/${name} is the build of themes/default/src/${name}`, async () => {
    const committed = fs.readFileSync(new URL(name, publishedDir), 'utf8');
    assert.ok(committed === await build(name), `run node tests/js/build.mjs and commit themes/default/static/${name}`);
  });
}

test('themes/default/static/contexts.json is the vocabulary processed from contexts/', () => {
  const committed = fs.readFileSync(new URL('contexts.json', publishedDir), 'utf8');
  assert.ok(committed === buildContexts(), 'run node tests/js/build.mjs, commit themes/default/static/contexts.json');
});
