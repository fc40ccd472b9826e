import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** This request's id: in every log line and in the `X-Request-Id` response header. */
    requestId: string;
    /** A logger whose every line carries the request id. */
    log: Logger;
    /** The caller, from the Authorization header (anonymous without one): set by the access module's `authenticateRequest`. */
    viewer: Viewer;
  }
}

const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` if it is a sane one, so a
 * ministry's gateway can follow a request through, else a new UUID) and logs one line
 * when it ends. Bodies, tokens and query variables are never logged: they may hold sealed
 * bid amounts or credentials.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const claimed = req.get('x-request-id');
    const requestId = claimed && CLIENT_ID.test(claimed) ? claimed : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    // Read now: inside a mounted router (app.use('/graphql', …)) req.path is relative.
    const path = req.path;
    res.on('finish', () => {
      res.locals.log.info(
        { method: req.method, path, status: res.statusCode, durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100 },
        'request finished',
      );
    });
    next();
  };
}
