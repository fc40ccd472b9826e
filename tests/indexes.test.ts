import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { gramsOf } from '../src/core/text/search-grams.js';
import { expectOk, startTestServer, type TestServer } from './support/test-server.js';

/** The statements the server sends while `work` runs (knex's `query` event on its database). */
async function statementsDuring(srv: TestServer, work: () => Promise<void>): Promise<{ sql: string; bindings: unknown[] }[]> {
  const statements: { sql: string; bindings: unknown[] }[] = [];
  const knex = knexOf(srv.orm);
  const listen = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  knex.on('query', listen);
  try {
    await work();
  } finally {
    knex.removeListener('query', listen);
  }
  return statements;
}

/**
 * Every foreign key has an index that leads with its column, on both databases: a relation
 * read per parent ("the evaluations of these 50 services") must never scan its table. The
 * ORM creates these for SQLite only; PostgreSQL's come from the ForeignKeyIndexes migration.
 */
describe('foreign-key indexes', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ seed: false });
  });
  afterAll(() => srv?.stop());

  it('index every foreign-key column as the first column of some index', async () => {
    const keys: { table: string; column: string }[] = [];
    const leading = new Set<string>();
    if (srv.dialect === 'postgresql') {
      keys.push(
        ...(await srv.sql<{ table: string; column: string }>(`
          SELECT c.conrelid::regclass::text AS "table", a.attname AS "column"
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`)),
      );
      for (const r of await srv.sql<{ table: string; column: string }>(`
          SELECT i.indrelid::regclass::text AS "table", a.attname AS "column"
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]`)) {
        leading.add(`${r.table}.${r.column}`);
      }
    } else {
      const tables = await srv.sql<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
      for (const { name } of tables) {
        for (const fk of await srv.sql<{ from: string }>(`PRAGMA foreign_key_list("${name}")`)) keys.push({ table: name, column: fk.from });
        for (const index of await srv.sql<{ name: string }>(`PRAGMA index_list("${name}")`)) {
          const [first] = await srv.sql<{ name: string }>(`PRAGMA index_info("${index.name}")`);
          if (first) leading.add(`${name}.${first.name}`);
        }
      }
    }
    expect(keys.length).toBeGreaterThan(10);
    const unindexed = keys.map((k) => `${k.table}.${k.column}`).filter((k) => !leading.has(k));
    expect(unindexed).toEqual([]);
  });
});

/**
 * A ministry's dashboard (its services, most recently updated first) reads one page along the
 * index (ministry_id, updated_at, id) and stops: it never reads and sorts every service of
 * the ministry, so its cost does not grow with the programme (PERFORMANCE.md "Scale 1, 10
 * and 100"). The statement the API runs is captured and its plan asked for.
 */
describe('the dashboard page', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.stop());

  it('is read along its index in the list order, with no sort of the whole ministry', async (context) => {
    // PostgreSQL chooses its plan from the table's statistics, which a small sample makes a
    // sort of a few rows; SQLite's plan follows the statement's shape, which is what is checked.
    if (srv.dialect !== 'sqlite') context.skip();
    const knex = knexOf(srv.orm);
    const statements = await statementsDuring(srv, async () => {
      const result = await srv.gql(
        `{ targetProjects(first: 5, filter: { ministryCodes: ["MOJ"] }, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { name } } }`,
      );
      expect(result.errors).toBeUndefined();
    });
    const page = statements.find((s) => /from `target_project`/.test(s.sql) && /order by/i.test(s.sql));
    expect(page, statements.map((s) => s.sql).join('\n')).toBeDefined();
    const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${page!.sql}`, page!.bindings as never[])) as { detail: string }[];
    const details = plan.map((row) => row.detail);
    expect(details.join('\n')).toMatch(/USING INDEX target_project_ministry_id_updated_at_id_index/);
    expect(details.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it("finds each round's winning bid by a probe of the winning bids' index (not the round's bids, tested and sorted)", async (context) => {
    // As above: SQLite's plan follows the statement's shape; PostgreSQL's follows the sample's statistics.
    if (srv.dialect !== 'sqlite') context.skip();
    const knex = knexOf(srv.orm);
    const statements = await statementsDuring(srv, async () => {
      const result = await srv.gql(`{ targetProjects(first: 5) { nodes { latestTender { winningBid { amountYen } } } } }`);
      expect(result.errors).toBeUndefined();
    });
    const page = statements.find((s) => /FROM bid _r\d/.test(s.sql));
    expect(page, statements.map((s) => s.sql).join('\n')).toBeDefined();
    const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${page!.sql}`, page!.bindings as never[])) as { detail: string }[];
    expect(plan.map((row) => row.detail)).toContain('SEARCH _r2 USING INDEX bid_won_index (tender_id=?)');
  });
});

/**
 * A search alone for a common word reads its page along the name index and stops, testing
 * each service against the search index, instead of reading and sorting every match; a rare
 * word looks its few matches up by id; and `totalCount` of a word of one or two characters is
 * counted in the search index without reading a service (core/text/search-grams.ts
 * `planSearch`, `searchReadsInListOrder`; PERFORMANCE.md "Search read in the list's order").
 */
describe('a search page', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ env: { RESPONSE_CACHE_MB: '0' } }); // every request reaches the database
  });
  afterAll(() => srv?.stop());

  /** The plan's statement (`planSearch`): the index's count and the table's size. */
  const PLAN = /^select \(select count\(\*\) from \(select (distinct )?[`"]row_id[`"] from [`"]search_gram/;

  /** The statements the API runs for `targetProjects(first: 20, filter: { query })`. */
  async function statementsOf(
    query: string,
    selection = 'totalCount nodes { name }',
    order = '',
  ): Promise<{ sql: string; bindings: unknown[] }[]> {
    const statements = await statementsDuring(srv, async () => {
      const result = await srv.gql<{ targetProjects: { nodes?: unknown[] } }>(
        `query($q: String) { targetProjects(first: 20, filter: { query: $q } ${order}) { ${selection} } }`,
        { q: query },
      );
      expect(result.errors).toBeUndefined();
      if (result.data!.targetProjects.nodes) expect(result.data!.targetProjects.nodes.length).toBeGreaterThan(0);
    });
    return statements.filter((s) => /target_project|search_gram/.test(s.sql));
  }

  /** The plan of a statement: SQLite's steps, each with its parent's id (0 at the top), or PostgreSQL's text. */
  async function planOf(
    statement: { sql: string; bindings: unknown[] },
    pgSettings: string[] = [],
  ): Promise<{ parent: number; detail: string }[]> {
    const knex = knexOf(srv.orm);
    if (srv.dialect === 'sqlite') {
      return (await knex.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.bindings as never[])) as { parent: number; detail: string }[];
    }
    // The driver's placeholders ($1, $2, … in order) back as knex's; settings for this plan alone.
    const sql = statement.sql.replace(/\$\d+/g, '?');
    return knex.transaction(async (trx) => {
      for (const setting of pgSettings) await trx.raw(`SET LOCAL ${setting}`);
      const result = (await trx.raw(`EXPLAIN (COSTS OFF) ${sql}`, statement.bindings as never[])) as {
        rows: { 'QUERY PLAN': string }[];
      };
      return result.rows.map((row) => ({ parent: 0, detail: row['QUERY PLAN'] }));
    });
  }

  /** The statement of the search page among `statements`: the one that orders. */
  const pageIn = (statements: { sql: string; bindings: unknown[] }[]) => statements.find((s) => /order by/i.test(s.sql))!;

  it.for([
    ['first page', ''],
    ['page after a cursor', 'after'],
    ['last page, backwards', 'before'],
  ] as const)(
    'reads a word of two characters from the search index alone, in name order, with its count: one statement (%s)',
    async ([, side]) => {
      let args = '';
      if (side) {
        const first = expectOk(
          await srv.gql<{ targetProjects: { pageInfo: { endCursor: string } } }>(
            `{ targetProjects(first: 20, filter: { query: "調査" }) { pageInfo { endCursor } } }`,
          ),
        );
        args = `, ${side === 'after' ? 'after' : 'before'}: "${first.targetProjects.pageInfo.endCursor}"`;
      }
      const statements = await statementsDuring(srv, async () => {
        const page = side === 'before' ? `last: 5${args}` : `first: 20${args}`;
        const result = expectOk(
          await srv.gql<{ targetProjects: { totalCount: number; nodes: unknown[] } }>(
            `{ targetProjects(${page}, filter: { query: "調査" }) { totalCount nodes { name } } }`,
          ),
        );
        expect(result.targetProjects.nodes.length).toBeGreaterThan(0);
      });
      const searched = statements.filter((s) => /target_project|search_gram/.test(s.sql));
      // No plan, no count over the services: the count is the piece's index entries, in the page's statement.
      expect(searched).toHaveLength(1);
      expect(searched.filter((s) => PLAN.test(s.sql))).toEqual([]);
      expect(searched[0].sql).toMatch(/\(select count\(\*\) as [`"]n[`"] from [`"]search_gram[`"] as [`"]g[`"] where g\.kind = 'p' and/);
      if (srv.dialect === 'sqlite') {
        const plan = await planOf(searched[0]);
        expect(plan.map((step) => step.detail)).toContain('SEARCH g USING COVERING INDEX search_gram_name_order_index (gram=?)');
        // The one sort is the page's rows, read by id, at the top of the statement.
        expect(plan.filter((step) => /TEMP B-TREE/.test(step.detail)).map((step) => step.parent)).toEqual([0]);
      } else {
        // PostgreSQL sorts the few hundred entries of a piece in a sample this small, and reads
        // them in order at scale (PERFORMANCE.md "Search pages from the index in name order").
        // What the index must offer is that order: with sorting priced out, the piece's entries
        // are read from it in the list's order, and nothing sorts them.
        const text = (await planOf(searched[0], ['enable_sort = off', 'enable_bitmapscan = off'])).map((step) => step.detail).join('\n');
        expect(text).toMatch(/Index Only Scan (Backward )?using search_gram_name_order_index on search_gram g\n\s+Index Cond: \(gram = /);
        expect(text).not.toMatch(/Sort Key: g\.row_name/);
      }
    },
  );

  it('asks the search index only when it saves reading services', async () => {
    // Without totalCount the plan chooses how to read a page in name order (a word of one character is a range of pieces).
    const page = await statementsOf('保', 'nodes { name }');
    expect(page.filter((s) => PLAN.test(s.sql))).toHaveLength(1);
    // A word of four characters is counted over its rows (its pieces may occur apart).
    const counted = await statementsOf('国民年金', 'totalCount nodes { name }');
    expect(counted.filter((s) => PLAN.test(s.sql))).toHaveLength(1);
    expect(counted.filter((s) => /count\(\*\) as [`"]n[`"] from [`"]target_project/.test(s.sql))).toHaveLength(1);
    // In an order with no index of its own there is no page to choose: the plan is read for the count alone.
    const byDate = await statementsOf('窓口', 'nodes { name }', ', orderBy: { field: UPDATED_AT, direction: DESC }');
    expect(byDate.filter((s) => PLAN.test(s.sql))).toHaveLength(0);
    const countedByDate = await statementsOf('窓口', 'totalCount', ', orderBy: { field: UPDATED_AT, direction: DESC }');
    expect(countedByDate.filter((s) => PLAN.test(s.sql))).toHaveLength(1);
    expect(countedByDate.filter((s) => /count\(\*\) as [`"]n[`"] from [`"]target_project/.test(s.sql))).toEqual([]);
  });

  it('reads any other common word along the name index and a rare one by id, sorting neither the whole list', async () => {
    const [{ n: services }] = await srv.sql<{ n: number }>('SELECT COUNT(*) AS n FROM target_project');
    // What the plan counts (`planSearch`): services holding every piece of the word (exactly its matches for 保).
    const candidates = async (needle: string) => {
      const pieces = gramsOf(needle);
      if (!pieces.length) return (await searchAlone(needle)).targetProjects.totalCount;
      const lookups = pieces.map(() => "SELECT row_id FROM search_gram WHERE kind = 'p' AND gram = ?").join(' INTERSECT ');
      return Number((await srv.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM (${lookups}) c`, pieces))[0].n);
    };
    const searchAlone = async (q: string) =>
      expectOk(
        await srv.gql<{ targetProjects: { totalCount: number } }>(
          'query($q: String) { targetProjects(filter: { query: $q }) { totalCount } }',
          {
            q,
          },
        ),
      );
    // 21 rows (a page and one more) of a table of `services`: 保 is common enough to walk the index, 統計調査 is not.
    expect((await candidates('保')) ** 2).toBeGreaterThanOrEqual(21 * Number(services));
    expect((await candidates('統計調査')) ** 2).toBeLessThan(21 * Number(services));
    const pageOf = async (word: string) => pageIn(await statementsOf(word));

    // The walk tests each index entry against the search index's answer, and reads the page's
    // ids from the name index alone before their rows (`keysFirst`).
    const common = await pageOf('保');
    expect(common.sql).toMatch(/IS TRUE/);
    const walk = await planOf(common);
    if (srv.dialect === 'sqlite') {
      expect(walk.map((step) => step.detail)).toContain('SCAN p USING COVERING INDEX target_project_name_id_index');
      // The one sort is the page's rows, read by id, at the top of the statement.
      expect(walk.filter((step) => /TEMP B-TREE/.test(step.detail)).map((step) => step.parent)).toEqual([0]);
    } else {
      const text = walk.map((step) => step.detail).join('\n');
      // The name index alone, each entry tested against the index's answer hashed once (how the
      // page's 21 rows are then read by id is the planner's choice by the table's size).
      expect(text).toMatch(
        /Index Only Scan using target_project_name_id_index on target_project \w+\n\s+Filter: \(\(hashed SubPlan 1\) IS TRUE\)/,
      );
    }

    // PostgreSQL weighs the look-up from its statistics; SQLite's plan follows the statement's shape.
    const rare = await pageOf('統計調査');
    expect(rare.sql).not.toMatch(/IS TRUE/);
    if (srv.dialect === 'sqlite')
      expect((await planOf(rare)).map((step) => step.detail)).toContain('SEARCH p USING INTEGER PRIMARY KEY (rowid=?)');
  });
});

/**
 * Changing a searchable text replaces the row's pieces in `search_gram` (core/text/search-grams.ts)
 * by index, not by reading the whole table: on PostgreSQL the trigger once compared the char(1)
 * `kind` with its text argument, which no index serves, and every service update scanned
 * some 760,000 rows at scale 10 (PERFORMANCE.md "Writes"). The update runs in a transaction
 * that counts its own scans (`pg_stat_xact_user_tables`) and is rolled back. The sample holds
 * tens of thousands of pieces, so an index the statement can use is always the cheaper plan.
 */
describe('the search index upkeep', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.stop());

  it("replaces a changed row's pieces through the row index", async (context) => {
    // SQLite's triggers name the kind as a literal of the column's own type (the SearchGrams
    // migration), so there is no cast to go wrong and no per-transaction scan count to read.
    if (srv.dialect !== 'postgresql') context.skip();
    const knex = knexOf(srv.orm);
    const rollback = new Error('rollback');
    let counts: { seq_scan: string | number; idx_scan: string | number } | undefined;
    await knex
      .transaction(async (trx) => {
        const [project] = (await trx.raw('select id from target_project order by id limit 1')).rows as { id: number }[];
        await trx.raw("update target_project set search_text = search_text || '検査' where id = ?", [project!.id]);
        counts = (await trx.raw("select seq_scan, idx_scan from pg_stat_xact_user_tables where relname = 'search_gram'")).rows[0];
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(counts).toBeDefined();
    expect(Number(counts!.seq_scan)).toBe(0);
    expect(Number(counts!.idx_scan)).toBeGreaterThan(0);
  });
});

/**
 * Statistics for some fiscal years or some categories read the summary rows from covering
 * indexes (migrations StatsRollupIndexes and StatsFilterIndexes; PERFORMANCE.md "Filtered
 * statistics read by index"), each summary searched by the filter's column, never its table.
 */
describe('filtered statistics', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ env: { RESPONSE_CACHE_MB: '0' } }); // every request reaches the database
  });
  afterAll(() => srv?.stop());

  it.for([
    ['fromFiscalYear: 2023', { round: 'fiscal_year', service: 'selected', year: 'fiscal_year' }],
    ['categories: [COUNTER_SERVICE]', { round: 'category', service: 'category', year: 'category' }],
  ] as const)('for %s read from covering indexes, each summary searched by the filter', async ([filter, searched], context) => {
    // PostgreSQL chooses its plan from the tables' statistics, which a small sample makes a scan
    // of a few rows; SQLite's plan follows the statement's shape, which is what is checked.
    if (srv.dialect !== 'sqlite') context.skip();
    const knex = knexOf(srv.orm);
    const statements = await statementsDuring(srv, async () => {
      const result = await srv.gql(
        `{ marketTestingStats(filter: { ${filter} }) { tenderCount projectCount byFiscalYear { fiscalYear } } }`,
      );
      expect(result.errors).toBeUndefined();
    });
    const rollups = statements.find((s) => /from `stats_round_summary`/.test(s.sql));
    expect(rollups, statements.map((s) => s.sql).join('\n')).toBeDefined();
    const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${rollups!.sql}`, rollups!.bindings as never[])) as { detail: string }[];
    const reads = plan.map((row) => row.detail).filter((detail) => /^(SCAN|SEARCH) s\b/.test(detail));
    // One read of a summary per rollup, each from an index holding every column it needs.
    expect(reads).toHaveLength(7);
    for (const read of reads) expect(read).toMatch(/^(SCAN|SEARCH) s USING COVERING INDEX /);
    for (const [summary, column] of Object.entries(searched)) {
      expect(reads, summary).toContainEqual(
        expect.stringMatching(new RegExp(`^SEARCH s USING COVERING INDEX stats_${summary}_summary_${column}_rollup_index \\(`)),
      );
    }
  });
});
