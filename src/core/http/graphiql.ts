import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Request, type Router } from 'express';

const require = createRequire(import.meta.url);

/**
 * GraphiQL served from the project's own dependencies (docs/api.md "HTTP": ministry and LGWAN
 * networks are closed, so nothing may come from a CDN). graphiql 4 ships prebuilt UMD
 * bundles; React and ReactDOM 18 ship theirs.
 */
const ASSETS: Record<string, string> = {
  'react.production.min.js': join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.production.min.js': join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
  'graphiql.min.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.min.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
  // graphql-ws's browser build: GraphiQL runs subscriptions over it (docs/notifications.md "Subscriptions").
  'graphql-ws.min.js': join(dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js'),
};

export const GRAPHIQL_ASSET_PATH = '/graphiql';

/** The query GraphiQL opens with: what an analyst asks first. */
export const DEFAULT_QUERY = `# 市場化テスト tracker: press ▶ (or Ctrl-Enter) to run.
# The Docs button (top left) explains every type and field.
# To write, add a header {"Authorization": "Bearer <token>"} below (tokens: npm run token).
{
  marketTestingStats {
    projectCount
    tenderCount
    averageBidders
    singleBidRate
    byMinistry {
      ministry { code name }
      projectCount
      awardedTenderCount
      singleBidRate
    }
  }
  targetProjects(first: 5, filter: { query: "窓口" }) {
    totalCount
    nodes {
      name
      status
      ministry { name }
      latestTender { round status numberOfBidders contractAmountYen }
    }
  }
}
`;

/** Static assets under /graphiql, cached for a day (they change only with the lockfile). */
export function graphiqlAssets(): Router {
  const router = express.Router();
  const init = initScript();
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').set('Cache-Control', 'no-cache').send(init);
  });
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1d', headers: { 'X-Content-Type-Options': 'nosniff' } });
    });
  }
  return router;
}

/**
 * The start-up script, served as a file rather than inline so a strict
 * Content-Security-Policy (`script-src 'self'`) can hold.
 */
function initScript(): string {
  return `const root = ReactDOM.createRoot(document.getElementById('graphiql'));
const path = window.location.pathname.replace(/\\/$/, '') || '/graphql';
// Subscriptions go over WebSocket on the same path (graphql-transport-ws), as the caller
// without a token; queries and mutations over HTTP with the headers typed below.
const wsClient = graphqlWs.createClient({ url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path, lazy: true });
root.render(React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({ url: path, wsClient }),
  defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
  shouldPersistHeaders: false,
}));
`;
}

/** The HTML page; GraphiQL posts to the page's own path. */
export function graphiqlPage(): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>市場化テスト tracker — GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PATH}/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PATH}/react.production.min.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/react-dom.production.min.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/graphiql.min.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/graphql-ws.min.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/init.js"></script>
</body>
</html>
`;
}

/**
 * A browser navigating to /graphql (it prefers HTML to JSON); GraphQL clients sending GET
 * requests ask for JSON.
 */
export function wantsPage(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** Why GraphiQL is off on a server configured so: for the start-up log and the page below. */
export function graphiqlOffReason(config: { trustedDocuments: string | null }): string {
  return config.trustedDocuments
    ? 'this server runs only the trusted documents of its manifest (TRUSTED_DOCUMENTS), so it does not serve GraphiQL, which sends whatever query is typed; admins may still send any query with their token, and GRAPHIQL=1 serves GraphiQL anyway'
    : 'it is turned off by configuration (GRAPHIQL=0)';
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * What a browser gets at /graphql when GraphiQL is off: a page saying so and why, not the
 * GraphQL error a query-less GET would get.
 */
export function graphiqlOffPage(reason: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>市場化テスト tracker — GraphiQL is off here</title>
<style>body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }</style>
</head>
<body>
<h1>GraphiQL is off on this server</h1>
<p>This address serves the GraphQL API (POST <code>/graphql</code>), but not GraphiQL: ${escapeHtml(reason)}.</p>
</body>
</html>
`;
}

/**
 * GraphiQL for browsers at /graphql, with its assets; GraphQL clients fall through to the
 * API. With GraphiQL off, browsers get a page saying so and why, not a GraphQL (CSRF) error.
 */
export function graphiqlRoutes(config: { graphiql: boolean; trustedDocuments: string | null }): Router {
  const router = express.Router();
  const page = config.graphiql ? graphiqlPage() : graphiqlOffPage(graphiqlOffReason(config));
  if (config.graphiql) router.use(GRAPHIQL_ASSET_PATH, graphiqlAssets());
  // A middleware, not a GET route: a router answers OPTIONS for its routes itself ("GET,
  // HEAD"), and OPTIONS /graphql is GraphQL's to answer.
  router.use((req, res, next) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/graphql' && wantsPage(req)) {
      res.type('html').send(page);
      return;
    }
    next();
  });
  return router;
}
