// Entities and resolvers read decorator metadata; load the polyfill before any of them.
import 'reflect-metadata';
import { afterAll } from 'vitest';
import { undroppedScratchDatabases } from '../../src/core/db/scratch-postgres.js';

// A test file drops every PostgreSQL database it made (testDatabase, createScratchDatabase):
// one left behind stays on the server after the run. This hook runs after the file's own.
afterAll(() => {
  const left = undroppedScratchDatabases();
  if (left.length) throw new Error(`this test file left ${left.length} scratch database(s) undropped: ${left.join(', ')}`);
});
