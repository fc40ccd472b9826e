import express from 'express';
import { fail, filterOf, type Query } from '../export/export.routes.js';
import type { ReadsFor } from '../../core/db/replicas.js';
import { exportRecordPackage, exportReleasePackage } from './ocds-export.service.js';

/** The request's own URL, percent-encoded, as a package's `uri`. */
function selfUri(req: express.Request): string {
  return new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`).href;
}

/**
 * OCDS over HTTP: 1.1 release packages by filter and record packages per ocid (public
 * documents: sealed data never appears, whoever asks). Filters as the table exports'
 * (export/export.routes.ts): `ministry` (codes or names, comma-separated or repeated),
 * `fiscalYear`, `since`. Anonymous reads: a read replica may answer them (docs/replicas.md).
 */
export function ocdsRoutes(readsFor: ReadsFor): express.Router {
  const router = express.Router();

  router.get('/ocds/releases', async (req, res) => {
    try {
      const db = await readsFor(null);
      const pkg = await exportReleasePackage(db, await filterOf(db.knex, req.query as Query), selfUri(req));
      if (!pkg) {
        res.status(404).json({ error: 'no contracting process matches the filter' });
        return;
      }
      res.type('application/json').json(pkg);
    } catch (e) {
      fail(res, e);
    }
  });

  router.get('/ocds/records/:ocid', async (req, res) => {
    try {
      const db = await readsFor(null);
      const pkg = await exportRecordPackage(db, req.params.ocid, selfUri(req));
      if (!pkg) {
        res.status(404).json({ error: `no contracting process has the ocid ${req.params.ocid}` });
        return;
      }
      res.type('application/json').json(pkg);
    } catch (e) {
      fail(res, e);
    }
  });

  return router;
}
