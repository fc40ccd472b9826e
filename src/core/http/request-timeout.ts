import type { RequestHandler } from 'express';

/**
 * Answers 503 when a request takes longer than `ms` (the database's own statement timeout
 * stops its query; this bounds everything else). Whatever the late handler writes after
 * that is dropped instead of failing on a response already sent.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.status(503).json({ errors: [{ message: `the request took longer than ${ms} ms`, extensions: { code: 'REQUEST_TIMEOUT' } }] });
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
