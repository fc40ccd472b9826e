import type { ErrorRequestHandler } from 'express';
import { classifyFault, faultExtensions } from '../faults/fault.js';
import type { Logger } from '../logger.js';

/**
 * The last Express handler: an error no route answered is answered in GraphQL's error shape,
 * never with Express's HTML page and its stack trace. A dependency that failed before GraphQL
 * ran (the token lookup, the cache's version check) is a 503 with Retry-After (README "When
 * things fail"); a body that is not JSON, or too large, is the client's mistake (4xx);
 * anything else is logged and answered as a bare internal error.
 */
export function httpErrorHandler(logger: Logger, maxBodyBytes: number): ErrorRequestHandler {
  return (err: Error & { status?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(err);
    const fault = classifyFault(err);
    if (fault) {
      (res.locals.log ?? logger).warn(
        { err, reason: fault.reason },
        `a dependency failed before the request could be answered (${fault.reason}); answered 503`,
      );
      res
        .status(503)
        .set('Retry-After', String(fault.retryAfterSeconds))
        .json({ errors: [{ message: fault.message, extensions: faultExtensions(fault) }] });
      return;
    }
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) (res.locals.log ?? logger).error({ err }, 'unhandled error in HTTP middleware');
    const message =
      err.type === 'entity.parse.failed'
        ? 'the request body is not valid JSON'
        : status === 413
          ? `the request body is larger than ${maxBodyBytes} bytes`
          : status < 500
            ? 'bad request'
            : 'Internal server error';
    res.status(status).json({
      errors: [
        { message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } },
      ],
    });
  };
}
