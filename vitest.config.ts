import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node (and type-graphql)
    // load the CommonJS one; left alone, vite would hand our sources the ESM one, and two
    // copies of graphql make `instanceof GraphQLScalarType` fail. One copy for everyone.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'seeds/**/*.test.ts', 'tests/**/*.test.ts'],
    setupFiles: ['tests/support/setup.ts'],
    // Every file gets its own database, so files run in parallel, one per core.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
