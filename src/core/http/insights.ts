import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { projectRoot } from '../files/project-root.js';

/**
 * The insights page (docs/insights.md): /insights and its few files, as `npm run build`
 * bundles them from clients/insights into dist/insights. Nothing comes from another host, and
 * the page runs under the same Content-Security-Policy as GraphiQL (security-headers.ts): its
 * script is a file of this server's, nothing inline. The files are small and change with each
 * build, so a browser revalidates them (ETag) rather than keeping them for a day. The files
 * sent are the page's script, the chunks it loads (named by content), their maps and licences,
 * and its stylesheet; nothing else of the build.
 */
const FILE = /^(insights|chunk-[A-Za-z0-9_-]+)\.(js|js\.map|js\.LEGAL\.txt|css)$/;

export function insightsRoutes(dir = join(projectRoot(), 'dist/insights')): Router {
  const router = express.Router();
  const send = (file: string) => (_req: express.Request, res: express.Response) => {
    if (!existsSync(join(dir, file))) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'インサイトのページはまだ作られていません。npm run build を実行してください（the insights page is not built: run npm run build）',
        );
      return;
    }
    res.sendFile(join(dir, file), { headers: { 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' } });
  };
  router.get('/insights', send('index.html'));
  router.get('/insights/:file', (req, res, next) => (FILE.test(req.params.file) ? send(req.params.file)(req, res) : next()));
  return router;
}
