import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * One suite, two databases (the PostgreSQL issue): every test file runs against SQLite and,
 * when TEST_POSTGRES_URL names a PostgreSQL server, again against PostgreSQL, each file on a
 * database of its own so files run in parallel. Pure unit tests run once.
 */
const postgres = process.env.TEST_POSTGRES_URL;
const DATABASE_TESTS = ['tests/**/*.test.ts', 'seeds/**/*.test.ts'];
/**
 * Fault tests (the faults issue) start their own throwaway PostgreSQL cluster, redis-server
 * and server processes, so they run once, not once per database half
 * (tests/support/fault-tools.ts says what they need and skips them, loudly, without it).
 */
const FAULT_TESTS = ['tests/faults/**/*.test.ts'];
/** Read-replica tests (docs/replicas.md) start a primary and its streaming replicas of their own: they too run once. */
const REPLICA_TESTS = ['tests/replicas/**/*.test.ts'];

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) builds. Node (and type-graphql)
    // load the CommonJS one; left alone, vite would hand our sources the ESM one, and two
    // copies of graphql make `instanceof GraphQLScalarType` fail. One copy for everyone.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    setupFiles: ['tests/support/setup.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    // Two files at a time at least: vitest's default, one fewer than the cores, is one file at a
    // time on a two-core machine (CI's), where a file spends most of its time waiting on the
    // server processes and databases it starts (each file has databases of its own).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', ...DATABASE_TESTS],
          exclude: [...FAULT_TESTS, ...REPLICA_TESTS],
          env: { TEST_DIALECT: 'sqlite' },
        },
      },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: DATABASE_TESTS,
                exclude: [...FAULT_TESTS, ...REPLICA_TESTS],
                env: { TEST_DIALECT: 'postgresql' },
              },
            },
          ]
        : []),
      { extends: true as const, test: { name: 'faults', include: FAULT_TESTS } },
      { extends: true as const, test: { name: 'replicas', include: REPLICA_TESTS } },
    ],
  },
});
