import type { ReadsFor } from '../../core/db/replicas.js';
import express from 'express';
import { fail } from '../export/export.routes.js';
import { feedEtag, readTenderEvents, resolveFeedFilter, tenderFeedXml, type FeedQuery } from './feed.service.js';

/** How long a reader or shared cache may keep the feed without asking again (it is public data). */
const MAX_AGE_SECONDS = 60;

/**
 * Whether an If-None-Match names this answer (weak comparison, RFC 9110 §13.1.2). Decided
 * here rather than by `req.fresh`, which answers 200 to any request with `Cache-Control:
 * no-cache` (as fetch() sends with a conditional header): the origin answers 304 all the same.
 */
function matchesEtag(header: string | undefined, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header != null && header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * The Atom feed of rounds (docs/notifications.md "The Atom feed"): the newest public events
 * about rounds, newest first, filtered by `ministry` (code or name), `municipality` (six-digit
 * code; a prefecture's takes in its municipalities) and `category`, each repeatable or
 * comma-separated. Public documents built from `public_event` rows only, so the answer is
 * the same whoever asks; a bad filter is a 400 naming the closest known values.
 */
export function feedRoutes(readsFor: ReadsFor): express.Router {
  const router = express.Router();

  router.get('/feeds/tenders.atom', async (req, res) => {
    try {
      // Public rows only: a read replica may answer (docs/replicas.md).
      const db = await readsFor(null);
      const filter = await resolveFeedFilter(db.knex, req.query as FeedQuery);
      const events = await readTenderEvents(db.knex, filter);
      // The links follow the request as the client made it: behind a trusted proxy (TRUST_PROXY),
      // its X-Forwarded-Proto and X-Forwarded-Host; otherwise the connection and the Host header.
      const base = `${req.protocol}://${req.host ?? 'localhost'}`;
      const self = new URL(req.originalUrl, base).href;
      res.set('Cache-Control', `public, max-age=${MAX_AGE_SECONDS}`);
      const etag = feedEtag(events, filter, base);
      res.set('ETag', etag);
      if (matchesEtag(req.get('if-none-match'), etag)) {
        res.status(304).end();
        return;
      }
      res.type('application/atom+xml; charset=utf-8').send(tenderFeedXml(events, filter, { base, self }));
    } catch (e) {
      fail(res, e);
    }
  });

  return router;
}
