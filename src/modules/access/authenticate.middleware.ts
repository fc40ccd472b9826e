import { GraphQLError } from 'graphql';
import type { RequestHandler } from 'express';
import type { Knex } from '@mikro-orm/knex';
import { authenticate } from './token.service.js';

/**
 * Express middleware (wired by app.ts; `res.locals.viewer` is declared in
 * core/http/request-context.ts). Resolves the caller once per request, before rate limiting by token and before GraphQL:
 * a bad or revoked token is refused here with 401 UNAUTHENTICATED, never downgraded.
 */
export function authenticateRequest(knex: Knex): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.viewer = await authenticate(knex, req.get('authorization'));
      next();
    } catch (error) {
      if (!(error instanceof GraphQLError)) return next(error);
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
}
