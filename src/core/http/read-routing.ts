import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { ReadRouter, ReadRouterObserver } from '../db/replicas.js';
import { classifyFault } from '../faults/fault.js';
import type { Context } from '../graphql/context.js';

/**
 * Picks the database a GraphQL request's read side runs on (docs/replicas.md), after the
 * caller is known and unless the response cache already picked one for a miss: a usable
 * replica that has replayed the caller's own last write, else the primary. Without replicas
 * it does nothing and every request reads the primary.
 */
export function routeReads(router: ReadRouter): RequestHandler {
  return async (_req, res, next) => {
    if (!router.hasReplicas || res.locals.readDb) return next();
    try {
      res.locals.readDb = await router.forCaller(res.locals.viewer?.tokenId ?? null);
    } catch (err) {
      return next(err);
    }
    next();
  };
}

/**
 * A mutation reads and writes on the primary only, and so does the payload it answers with:
 * once the operation is known to be a mutation its context's `db` is the primary's, whatever
 * `routeReads` picked before the document was parsed. Then the database the operation reads
 * is counted (`tracker_db_reads_routed_total`). A replica that could not be reached is
 * checked again at once.
 */
export function readRouting(router: ReadRouter, observer: ReadRouterObserver): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation') contextValue.db = router.primary;
          if (router.hasReplicas) observer.routed(router.nameOf(contextValue.db));
        },
        async didEncounterErrors({ errors, contextValue }) {
          if (router.hasReplicas && errors.some((e) => classifyFault(e)?.reason === 'database-unreachable'))
            router.unreachable(contextValue.db);
        },
      };
    },
  };
}
