import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers on every response (helmet). The Content-Security-Policy allows only this
 * server's own scripts (GraphiQL's bundles and start-up script are served from here; nothing
 * inline), the inline styles GraphiQL's editor writes, and data: images and fonts its
 * stylesheet embeds. Frames are refused; HSTS is left to the TLS terminator in front.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Answers depend on who asks (sealed data, scopes): no shared cache may keep an answer made
 * for a token and hand it to someone else (docs/seal.md, "Shared caches"). Every answer
 * varies by Authorization; an answer to a request that carries one is private and not stored.
 */
export function privateAnswers(): RequestHandler {
  return (req, res, next) => {
    res.vary('Authorization');
    if (req.get('authorization') !== undefined) res.set('Cache-Control', 'private, no-store');
    next();
  };
}
