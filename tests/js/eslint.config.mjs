// ESLint's flat config for the browser verifier's sources (themes/default/src/) and its tests
// (tests/js/). scripts/test runs it from the repository's root, and any problem fails the suite:
//
//   tests/js/node_modules/.bin/eslint --config tests/js/eslint.config.mjs --max-warnings 0
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: ['themes/default/static/**', 'tests/js/node_modules/**', 'tests/browser/**', 'target/**'],
  },
  {
    files: ['themes/default/src/**/*.js', 'tests/js/**/*.mjs'],
    ...js.configs.recommended,
  },
  {
    files: ['themes/default/src/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['tests/js/**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
  },
  {
    files: ['themes/default/src/**/*.js', 'tests/js/**/*.mjs'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Readable: short lines, names that say what they hold (a loop's i, the page's $ and an
      // unused _ aside), one way to write each thing.
      'max-len': ['error', { code: 120, ignoreUrls: false }],
      'id-length': ['error', { min: 2, exceptions: ['i', '$', '_'], properties: 'never' }],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'all' }],
      'prefer-const': 'error',
      'no-var': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-shadow': 'error',
      'no-param-reassign': 'off',
      'no-implicit-coercion': ['error', { allow: ['+', '!!'] }],
      curly: ['error', 'multi-line'],
      // Every statement ends with its semicolon: no statement relies on automatic insertion.
      semi: ['error', 'always'],
      quotes: ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
      'no-restricted-globals': ['error', { name: 'hallmark', message: 'the pages share nothing through globals' }],
      'no-restricted-syntax': ['error',
        {
          // src/render/theme.rs reads the published scripts line by line and needs this of them.
          selector: 'Literal[regex.pattern=/[\'"`]/]',
          message: 'no quote character in a regular expression: write \\x22, \\x27 or \\x60',
        },
        {
          selector: 'MemberExpression[object.name="window"][property.name="hallmark"]',
          message: 'the pages share nothing through window: import what they need',
        },
      ],
    },
  },
];
