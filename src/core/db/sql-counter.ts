import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from '@mikro-orm/knex';
import type { Logger } from '../logger.js';

/** Per-request state, carried through the request's async calls. */
export interface RequestDiagnostics {
  sqlStatements: number;
  startedAt: bigint;
  /** The request's logger (its lines carry the request id). */
  log?: Logger;
}

const store = new AsyncLocalStorage<RequestDiagnostics>();

/** Runs `fn` with a fresh statement counter and the request's logger (one per HTTP request). */
export function withDiagnostics<T>(fn: () => T, log?: Logger): T {
  return store.run({ sqlStatements: 0, startedAt: process.hrtime.bigint(), log }, fn);
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
