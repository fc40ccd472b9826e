// The linter (`npm run lint`, run by .ci/run): ESLint's and typescript-eslint's recommended
// rules over every TypeScript and JavaScript file of the project. Where a rule is adjusted
// below, the comment says why; any other finding is an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals, for the plain JavaScript files (build and CI scripts, configuration). */
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'module', 'require', '__dirname', 'URL', 'Buffer'].map((name) => [
    name,
    'readonly',
  ]),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'clients/generated/**', 'reference/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is left unused on purpose (a destructured field
      // dropped from a copy, a parameter an interface requires).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests and the benchmark read GraphQL answers, which are untyped JSON: `any` is how they
    // walk them. The application's own code stays typed.
    files: ['tests/**', '**/*.test.ts', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: NODE_GLOBALS },
  },
);
