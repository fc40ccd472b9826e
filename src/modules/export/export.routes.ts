import { classifyFault } from '../../core/faults/fault.js';
import { unknownParameters } from '../../core/http/query-parameters.js';
import type { Knex } from '@mikro-orm/knex';
import express from 'express';
import type { Viewer } from '../../core/auth/viewer.js';
import type { ReadsFor } from '../../core/db/replicas.js';
import { TABLE_KINDS, type TableKind } from '../tables/columns.constants.js';
import { FilterError, parseFilter, resolveMinistryNames } from './export-filter.service.js';
import { tableToCsv, tableToXlsx } from './spreadsheet-writer.service.js';
import { exportTable } from './table-export.service.js';

export interface ExportDeps {
  /** Where a caller's reads go (the primary, or a read replica that has its writes: docs/replicas.md). */
  readsFor: ReadsFor;
  /** The caller of a request (access/token.service#authenticate); throws for a bad token. */
  viewerOf: (req: express.Request) => Promise<Viewer>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Query = Record<string, string | string[] | undefined>;
const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v) ?? null;

/** The query parameters of `/export` and `/ocds/releases`. */
export const FILTER_PARAMETERS = ['ministry', 'fiscalYear', 'since'] as const;

/** A download's filter from its query, ministries as codes; a FilterError (400) for a bad or unknown value or parameter. */
export async function filterOf(knex: Knex, query: Query) {
  const unknown = unknownParameters(query, FILTER_PARAMETERS);
  if (unknown) throw new FilterError(unknown);
  return resolveMinistryNames(
    knex,
    parseFilter({ ministry: query.ministry ?? null, fiscalYear: single(query.fiscalYear), since: single(query.since) }),
  );
}

/** Client mistakes as 4xx JSON, faults as 503, anything else a bare 500 (no SQL, no stack), like the GraphQL endpoint. */
export function fail(res: express.Response, error: unknown): void {
  if (error instanceof FilterError) {
    res.status(400).json({ error: error.message });
    return;
  }
  const code = (error as { extensions?: { code?: string } }).extensions?.code;
  if (code === 'UNAUTHENTICATED') {
    res.status(401).json({ error: (error as Error).message });
    return;
  }
  // README "When things fail": a dependency that failed is a retryable 503, not a bug.
  const fault = classifyFault(error);
  if (fault) {
    res.locals.log?.warn(
      { err: error, reason: fault.reason },
      `a dependency failed while writing a download (${fault.reason}); answered 503`,
    );
    res.status(503).set('Retry-After', String(fault.retryAfterSeconds)).json({ error: fault.message, code: fault.code, retryable: true });
    return;
  }
  res.locals.log?.error({ err: error }, 'internal error while writing a download');
  res.status(500).json({ error: 'Internal server error' });
}

/**
 * The three tables over HTTP as .xlsx or CSV (UTF-8 with BOM), sealed data following the
 * caller's token as in the API (OCDS packages: ocds/ocds.routes.ts). Filters: `ministry`
 * (codes or names, comma-separated or repeated), `fiscalYear`, `since`.
 */
export function exportRoutes(deps: ExportDeps): express.Router {
  const router = express.Router();

  router.get('/export/:file', async (req, res) => {
    const m = /^(\w+)\.(xlsx|csv)$/.exec(req.params.file);
    const kind = m?.[1] as TableKind | undefined;
    if (!m || !kind || !TABLE_KINDS.includes(kind)) {
      res.status(404).json({ error: `no such export: use /export/{${TABLE_KINDS.join(',')}}.{xlsx,csv}` });
      return;
    }
    try {
      // A bad filter is answered before a bad token, as it always was; both read where the caller's reads go.
      const caller = await deps.viewerOf(req).then(
        (viewer) => ({ viewer, refusal: null }),
        (refusal: unknown) => ({ viewer: null, refusal }),
      );
      const db = await deps.readsFor(caller.viewer?.tokenId ?? null);
      const filter = await filterOf(db.knex, req.query as Query);
      if (!caller.viewer) throw caller.refusal;
      const viewer = caller.viewer;
      const table = await exportTable(db, kind, filter, viewer);
      res.set('Cache-Control', 'no-store');
      res.attachment(req.params.file);
      if (m[2] === 'xlsx') res.type(XLSX_TYPE).send(await tableToXlsx(table));
      else res.type('text/csv; charset=utf-8').send(tableToCsv(table));
    } catch (e) {
      fail(res, e);
    }
  });

  return router;
}
