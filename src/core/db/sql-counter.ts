import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from '@mikro-orm/knex';

/** Per-request state, carried through the request's async calls. */
export interface RequestDiagnostics {
  sqlStatements: number;
  startedAt: bigint;
}

const store = new AsyncLocalStorage<RequestDiagnostics>();

/** Runs `fn` with a fresh statement counter (one per HTTP request, with TRACKER_DIAGNOSTICS=1). */
export function withDiagnostics<T>(fn: () => T): T {
  return store.run({ sqlStatements: 0, startedAt: process.hrtime.bigint() }, fn);
}

export function currentDiagnostics(): RequestDiagnostics | undefined {
  return store.getStore();
}

/** Counts every statement the ORM's knex sends, including those inside transactions. */
export function countStatements(knex: Knex): void {
  knex.on('query', () => {
    const diagnostics = store.getStore();
    if (diagnostics) diagnostics.sqlStatements++;
  });
}
