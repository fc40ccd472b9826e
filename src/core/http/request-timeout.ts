import type { RequestHandler } from 'express';

const RETRY_AFTER_SECONDS = 5;

/**
 * Answers 503 when a request takes longer than `ms` (the database's own statement timeout
 * stops its query; this bounds everything else). Whatever the late handler writes after
 * that is dropped instead of failing on a response already sent.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      // Retryable like any fault (README "When things fail"): a slow moment passes.
      res
        .status(503)
        .set('Retry-After', String(RETRY_AFTER_SECONDS))
        .json({
          errors: [
            {
              message: `the request took longer than ${ms} ms; retry shortly, or ask for less`,
              extensions: { code: 'REQUEST_TIMEOUT', retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
            },
          ],
        });
      const ignore = (() => res) as never;
      res.status = ignore;
      res.set = ignore;
      res.setHeader = ignore;
      res.send = ignore;
      res.json = ignore;
      res.end = ignore;
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };
}
