import type { ApolloServerPlugin } from '@apollo/server';
import { currentDiagnostics } from '../db/sql-counter.js';

/**
 * `TRACKER_DIAGNOSTICS=1`: every response carries `extensions.diagnostics
 * { sqlStatements, durationMs }`, the statements this request ran and its time so far.
 */
export function diagnosticsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const diagnostics = currentDiagnostics();
          if (!diagnostics || response.body.kind !== 'single') return;
          const durationMs = Number(process.hrtime.bigint() - diagnostics.startedAt) / 1e6;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            diagnostics: { sqlStatements: diagnostics.sqlStatements, durationMs: Math.round(durationMs * 100) / 100 },
          };
        },
      };
    },
  };
}
