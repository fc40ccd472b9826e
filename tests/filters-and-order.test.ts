import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gid } from './support/global-ids.js';
import { compareCodePoints, ids, readAll, sortRows, type Direction, type SortValue } from './support/read-expect.js';
import { toMillis } from './support/portable.js';
import { errorCodes, expectOk, startTestServer, type TestServer } from './support/test-server.js';

// Every filter is compared with an equivalent SQL query on the server's own database, and
// every order with the declared rule (code points for text, nulls last both ways, ties by id
// in the same direction) applied here to rows read with SQL.

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ diagnostics: true });
});

afterAll(() => srv.stop());

/** Reads the whole filtered list and checks it is exactly `expectedIds` (as a set) with a matching totalCount. */
async function expectFiltered(field: string, filterType: string, type: string, filter: Record<string, unknown>, expectedIds: number[]) {
  const { nodes, totalCount } = await readAll(srv, field, {
    args: 'filter: $filter',
    varDefs: `$filter: ${filterType}`,
    variables: { filter },
  });
  const label = `${field}(filter: ${JSON.stringify(filter)})`;
  expect(totalCount, label).toBe(expectedIds.length);
  expect(nodes.length, label).toBe(expectedIds.length);
  expect([...ids(nodes as { id: string }[])].sort(), label).toEqual(expectedIds.map((id) => gid(type, id)).sort());
}

const idList = (rows: { id: number }[]) => rows.map((r) => Number(r.id));

/** The most frequent value of a column, to filter on something that has matches. */
async function mostCommon(sql: string): Promise<any> {
  const [row] = await srv.sql<{ v: unknown }>(`SELECT v, COUNT(*) AS n FROM (${sql}) AS most_common GROUP BY v ORDER BY n DESC, v LIMIT 1`);
  return row.v;
}

describe('targetProjects filter', () => {
  const check = (filter: Record<string, unknown>, expected: number[]) =>
    expectFiltered('targetProjects', 'TargetProjectFilter', 'TargetProject', filter, expected);

  /**
   * Services whose name or summary contains any of the given strings, exactly as typed (case
   * and width kept, % and _ plain characters). Matched here rather than in SQL: no substring
   * function is spelled the same on SQLite and PostgreSQL, and LIKE differs in case rules.
   */
  const containing = async (...needles: string[]) =>
    idList(
      (await srv.sql<{ id: number; name: string; summary: string }>(`SELECT id, name, summary FROM target_project`)).filter((r) =>
        needles.some((n) => r.name.includes(n) || r.summary.includes(n)),
      ),
    );

  it('finds services by a two-character Japanese word in the name or summary (窓口)', async () => {
    const expected = await containing('窓口');
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: '窓口' }, expected);
  });

  it('finds the same services for a query in half-width katakana as in full-width (ﾍﾙﾌﾟﾃﾞｽｸ / ヘルプデスク)', async () => {
    const expected = await containing('ヘルプデスク');
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: 'ヘルプデスク' }, expected);
    await check({ query: 'ﾍﾙﾌﾟﾃﾞｽｸ' }, expected);
  });

  it('finds the same services for full-width Latin as for ASCII (ｅ－Ｔａｘ / e-Tax)', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT id FROM target_project WHERE lower(name) LIKE '%e-tax%' OR lower(summary) LIKE '%e-tax%'`),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: 'e-Tax' }, expected);
    await check({ query: 'ｅ－Ｔａｘ' }, expected);
  });

  it('matches full-width brackets in stored names with half-width ones typed, and the other way round', async () => {
    const expected = await containing('（北海道', '(北海道');
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: '（北海道' }, expected);
    await check({ query: '(北海道' }, expected);
  });

  it('treats % and _ in a query as plain characters', async () => {
    await check({ query: '%' }, await containing('%', '％'));
    await check({ query: '窓_' }, await containing('窓_', '窓＿'));
  });

  it('keeps services of the given ministries (ministryCodes)', async () => {
    const codes = ['MOJ', 'MHLW'];
    const expected = idList(
      await srv.sql<{ id: number }>(
        `SELECT p.id FROM target_project p JOIN ministry m ON m.id = p.ministry_id WHERE m.code IN (?, ?)`,
        codes,
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ ministryCodes: codes }, expected);
    await check({ ministryCodes: [] }, []);
    // A ministry by its Japanese name is the same filter; an unknown one is refused, not answered empty.
    const names = await srv.sql<{ name: string }>(`SELECT name FROM ministry WHERE code IN (?, ?) ORDER BY code`, codes);
    await check({ ministryCodes: names.map((n) => n.name) }, expected);
    const unknown = await srv.gql(`query { targetProjects(filter: { ministryCodes: ["NO_SUCH_MINISTRY"] }) { totalCount } }`);
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toMatch(/^府省「NO_SUCH_MINISTRY」はありません。近いもの: .*（no such ministry; the closest: /);
  });

  it('keeps services in the given states (statuses)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM target_project WHERE status IN ('IN_OPERATION', 'EXITED')`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ statuses: ['IN_OPERATION', 'EXITED'] }, expected);
  });

  it('keeps services tendered by the given methods (methods)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM target_project WHERE method = 'PUBLIC_PRIVATE'`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ methods: ['PUBLIC_PRIVATE'] }, expected);
  });

  it('keeps services of the given kinds (categories)', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT id FROM target_project WHERE category IN ('COUNTER_SERVICE', 'CALL_CENTER')`),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ categories: ['COUNTER_SERVICE', 'CALL_CENTER'] }, expected);
  });

  it('keeps services first selected by a basic policy of the given fiscal year (selectedInFiscalYear)', async () => {
    // Independent of the stored column: the earliest fiscal year of a policy whose entry says SELECT.
    const firstSelected = `SELECT pe.project_id AS id, MIN(bp.fiscal_year) AS v FROM policy_entry pe JOIN basic_policy bp ON bp.id = pe.policy_id
                            WHERE pe.action = 'SELECT' GROUP BY pe.project_id`;
    const year = Number(await mostCommon(`SELECT v FROM (${firstSelected}) AS first_selected`));
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM (${firstSelected}) AS first_selected WHERE v = ?`, [year]));
    expect(expected.length).toBeGreaterThan(1);
    await check({ selectedInFiscalYear: year }, expected);
  });

  it('applies every given condition together', async () => {
    const rows = await srv.sql<{ id: number; name: string; summary: string; code: string; status: string; category: string }>(
      `SELECT p.id, p.name, p.summary, m.code, p.status, p.category FROM target_project p JOIN ministry m ON m.id = p.ministry_id`,
    );
    const withWord = rows.filter((r) => r.name.includes('窓口') || r.summary.includes('窓口'));
    // The ministry with the most services mentioning the word (ties: the lowest code).
    const perMinistry = new Map<string, number>();
    for (const r of withWord) perMinistry.set(r.code, (perMinistry.get(r.code) ?? 0) + 1);
    const [code] = [...perMinistry.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const expected = idList(
      withWord.filter(
        (r) => r.code === code && ['IN_OPERATION', 'EXITED', 'TENDERING'].includes(r.status) && r.category === 'COUNTER_SERVICE',
      ),
    );
    await check(
      { query: '窓口', ministryCodes: [code], statuses: ['IN_OPERATION', 'EXITED', 'TENDERING'], categories: ['COUNTER_SERVICE'] },
      expected,
    );
  });
});

describe('tenders filter', () => {
  const check = (filter: Record<string, unknown>, expected: number[]) =>
    expectFiltered('tenders', 'TenderFilter', 'Tender', filter, expected);
  /** Per tender: bids that count (not WITHDRAWN), from the bid table. */
  const COUNTED = `(SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN')`;

  it('keeps rounds of services owned by the given ministries (ministryCodes)', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(
        `SELECT t.id FROM tender t JOIN target_project p ON p.id = t.project_id JOIN ministry m ON m.id = p.ministry_id WHERE m.code = 'MOJ'`,
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ ministryCodes: ['MOJ'] }, expected);
  });

  it('keeps rounds of services of the given kinds (categories)', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(
        `SELECT t.id FROM tender t JOIN target_project p ON p.id = t.project_id WHERE p.category IN ('CALL_CENTER', 'TRAINING')`,
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ categories: ['CALL_CENTER', 'TRAINING'] }, expected);
  });

  it('keeps rounds announced within a range of fiscal years, each end written as people write it (fromYear, toYear)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE fiscal_year BETWEEN 2019 AND 2021`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ fromYear: '平成31年度', toYear: 'R3' }, expected);
    const later = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE fiscal_year >= 2022`));
    await check({ fromYear: 2022 }, later);
  });

  it('keeps rounds in the given states (statuses)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE status IN ('UNSUCCESSFUL', 'CANCELLED')`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ statuses: ['UNSUCCESSFUL', 'CANCELLED'] }, expected);
  });

  it('keeps rounds announced from 1 April of the fiscal year to 31 March after (fiscalYear)', async () => {
    // A year with announcements in January–March, which belong to the year before.
    const year = Number(
      await mostCommon(
        `SELECT CAST(substr(announced_on, 1, 4) AS INTEGER) - 1 AS v FROM tender WHERE substr(announced_on, 6, 2) IN ('01', '02', '03')`,
      ),
    );
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE announced_on >= ? AND announced_on <= ?`, [
        `${year}-04-01`,
        `${year + 1}-03-31`,
      ]),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ fiscalYear: year }, expected);
  });

  it('keeps opened rounds with exactly one bidder for singleBidOnly: true', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT t.id FROM tender t WHERE t.status IN ('AWARDED', 'UNSUCCESSFUL') AND ${COUNTED} = 1`),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ singleBidOnly: true }, expected);
  });

  it('keeps opened rounds with any other number of bidders for singleBidOnly: false', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT t.id FROM tender t WHERE t.status IN ('AWARDED', 'UNSUCCESSFUL') AND ${COUNTED} <> 1`),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ singleBidOnly: false }, expected);
  });

  it('keeps rounds with the given award criteria (awardCriteria)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE award_criteria = 'RATED'`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ awardCriteria: ['RATED'] }, expected);
    await check({ awardCriteria: ['RATED', 'LOWEST_PRICE'] }, idList(await srv.sql<{ id: number }>(`SELECT id FROM tender`)));
  });

  it('keeps negotiated contracts after a failed round, or the others (negotiatedAfterFailure)', async () => {
    const yes = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE negotiated_after_failure`));
    const no = idList(await srv.sql<{ id: number }>(`SELECT id FROM tender WHERE NOT negotiated_after_failure`));
    expect(yes.length).toBeGreaterThan(0);
    await check({ negotiatedAfterFailure: true }, yes);
    await check({ negotiatedAfterFailure: false }, no);
  });

  it('applies fiscal year, state and single bid together', async () => {
    const year = Number(await mostCommon(`SELECT fiscal_year AS v FROM tender WHERE status = 'AWARDED'`));
    const expected = idList(
      await srv.sql<{ id: number }>(
        `SELECT t.id FROM tender t WHERE t.status = 'AWARDED' AND t.announced_on BETWEEN ? AND ? AND ${COUNTED} = 1`,
        [`${year}-04-01`, `${year + 1}-03-31`],
      ),
    );
    await check({ fiscalYear: year, statuses: ['AWARDED'], singleBidOnly: true }, expected);
  });
});

describe('municipalities filter', () => {
  const check = (filter: Record<string, unknown>, expected: number[]) =>
    expectFiltered('municipalities', 'MunicipalityFilter', 'Municipality', filter, expected);
  const inPrefecture = async (pp: string) =>
    idList(await srv.sql<{ id: number }>(`SELECT id FROM municipality WHERE substr(code, 1, 2) = ?`, [pp]));
  /** Local governments whose name or reading contains the word as typed (matched here: see `containing` above). */
  const named = async (word: string, where = '1 = 1', bindings: unknown[] = []) =>
    idList(
      (
        await srv.sql<{ id: number; name: string; kana: string }>(`SELECT id, name, kana FROM municipality WHERE ${where}`, bindings)
      ).filter((r) => r.name.includes(word) || r.kana.includes(word)),
    );

  it('keeps a prefecture and its local governments for prefectureCode "13"', async () => {
    const expected = await inPrefecture('13');
    expect(expected.length).toBeGreaterThan(1);
    await check({ prefectureCode: '13' }, expected);
  });

  it('reads prefectureCode "1" as 北海道 (01)', async () => {
    const expected = await inPrefecture('01');
    expect(expected.length).toBeGreaterThan(1);
    await check({ prefectureCode: '1' }, expected);
  });

  it('reads prefectureCode "130001" (東京都’s own code) like "13"', async () => {
    await check({ prefectureCode: '130001' }, await inPrefecture('13'));
  });

  it('keeps the given levels (kinds)', async () => {
    await check({ kinds: ['WARD'] }, idList(await srv.sql<{ id: number }>(`SELECT id FROM municipality WHERE kind = 'WARD'`)));
    await check(
      { kinds: ['PREFECTURE', 'MUNICIPALITY'] },
      idList(await srv.sql<{ id: number }>(`SELECT id FROM municipality WHERE kind IN ('PREFECTURE', 'MUNICIPALITY')`)),
    );
  });

  it('finds local governments by kanji in the name (千代田)', async () => {
    const expected = await named('千代田');
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: '千代田' }, expected);
  });

  it('finds local governments by their hiragana reading (ちよだ)', async () => {
    const expected = await named('ちよだ');
    expect(expected.length).toBeGreaterThan(0);
    await check({ query: 'ちよだ' }, expected);
  });

  it('applies prefecture, level and query together', async () => {
    const expected = await named('区', `substr(code, 1, 2) = '01' AND kind = 'WARD'`);
    expect(expected.length).toBeGreaterThan(0);
    await check({ prefectureCode: '1', kinds: ['WARD'], query: '区' }, expected);
  });

  it.each(['48', '0', '00', '131016', '130000', 'abc', '', '1300011'])('refuses prefectureCode %j with BAD_USER_INPUT', async (code) => {
    const result = await srv.gql(`query ($f: MunicipalityFilter) { municipalities(filter: $f) { totalCount nodes { code } } }`, {
      f: { prefectureCode: code },
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data).toBeNull();
  });
});

describe('localPilots filter', () => {
  const check = (filter: Record<string, unknown>, expected: number[]) =>
    expectFiltered('localPilots', 'LocalPilotFilter', 'LocalPilot', filter, expected);
  const pilotsInPrefecture = async (pp: string) =>
    idList(
      await srv.sql<{ id: number }>(
        `SELECT lp.id FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id WHERE substr(m.code, 1, 2) = ?`,
        [pp],
      ),
    );

  it('keeps pilots of local governments in a prefecture given by number or six-digit code', async () => {
    const pp = String(
      await mostCommon(`SELECT substr(m.code, 1, 2) AS v FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id`),
    );
    const [pref] = await srv.sql<{ code: string }>(`SELECT code FROM municipality WHERE kind = 'PREFECTURE' AND substr(code, 1, 2) = ?`, [
      pp,
    ]);
    const expected = await pilotsInPrefecture(pp);
    expect(expected.length).toBeGreaterThan(1);
    await check({ prefectureCode: pp }, expected);
    await check({ prefectureCode: String(Number(pp)) }, expected);
    await check({ prefectureCode: pref.code }, expected);
  });

  it('keeps pilots of one local government (municipalityCode)', async () => {
    const code = String(await mostCommon(`SELECT m.code AS v FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id`));
    const expected = idList(
      await srv.sql<{ id: number }>(`SELECT lp.id FROM local_pilot lp JOIN municipality m ON m.id = lp.municipality_id WHERE m.code = ?`, [
        code,
      ]),
    );
    expect(expected.length).toBeGreaterThan(0);
    await check({ municipalityCode: code }, expected);
  });

  it('keeps pilots in the given states (statuses)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM local_pilot WHERE status IN ('IN_OPERATION', 'ENDED')`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ statuses: ['IN_OPERATION', 'ENDED'] }, expected);
  });

  it('keeps pilots covering at least one of the given services (services)', async () => {
    const rows = await srv.sql<{ id: number; services_list: string }>(`SELECT id, services_list FROM local_pilot`);
    const wanted = ['TAX_CERTIFICATES', 'FAMILY_REGISTER_ANNEX_COPIES'];
    const expected = idList(rows.filter((r) => r.services_list.split(',').some((s) => wanted.includes(s))));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rows.length);
    await check({ services: wanted }, expected);
  });

  it('keeps pilots under the given schemes (schemes)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM local_pilot WHERE scheme = 'OWN_SCHEME'`));
    expect(expected.length).toBeGreaterThan(0);
    await check({ schemes: ['OWN_SCHEME'] }, expected);
  });

  it('refuses a prefectureCode that is no prefecture with BAD_USER_INPUT', async () => {
    const result = await srv.gql(`{ localPilots(filter: { prefectureCode: "99" }) { totalCount } }`);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data).toBeNull();
  });
});

describe('bidders, evaluations and ministries filters', () => {
  it('finds bidders by a substring of the name, in full- or half-width katakana (センター / ｾﾝﾀｰ)', async () => {
    const expected = idList(
      (await srv.sql<{ id: number; name: string }>(`SELECT id, name FROM bidder`)).filter((r) => r.name.includes('センター')),
    );
    expect(expected.length).toBeGreaterThan(0);
    await expectFiltered('bidders', 'BidderFilter', 'Bidder', { query: 'センター' }, expected);
    await expectFiltered('bidders', 'BidderFilter', 'Bidder', { query: 'ｾﾝﾀｰ' }, expected);
  });

  it('keeps bidders of the given kinds (kinds)', async () => {
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM bidder WHERE kind = 'PUBLIC_SECTOR'`));
    expect(expected.length).toBeGreaterThan(0);
    await expectFiltered('bidders', 'BidderFilter', 'Bidder', { kinds: ['PUBLIC_SECTOR'] }, expected);
  });

  it('finds exactly the bidder with a corporate number (corporateNumber)', async () => {
    const [b] = await srv.sql<{ id: number; corporate_number: string }>(
      `SELECT id, corporate_number FROM bidder WHERE corporate_number IS NOT NULL ORDER BY id DESC LIMIT 1`,
    );
    await expectFiltered('bidders', 'BidderFilter', 'Bidder', { corporateNumber: b.corporate_number }, [Number(b.id)]);
    const data = expectOk(
      await srv.gql(`query ($n: CorporateNumber) { bidders(filter: { corporateNumber: $n }) { nodes { corporateNumber } } }`, {
        n: b.corporate_number,
      }),
    );
    expect(data.bidders.nodes).toEqual([{ corporateNumber: b.corporate_number }]);
  });

  it('keeps evaluations with the given decisions (decisions)', async () => {
    const exit = idList(await srv.sql<{ id: number }>(`SELECT id FROM evaluation WHERE decision = 'EXIT'`));
    expect(exit.length).toBeGreaterThan(0);
    await expectFiltered('evaluations', 'EvaluationFilter', 'Evaluation', { decisions: ['EXIT'] }, exit);
    await expectFiltered(
      'evaluations',
      'EvaluationFilter',
      'Evaluation',
      { decisions: ['CONTINUE', 'RETENDER_WITH_IMPROVEMENTS'] },
      idList(await srv.sql<{ id: number }>(`SELECT id FROM evaluation WHERE decision IN ('CONTINUE', 'RETENDER_WITH_IMPROVEMENTS')`)),
    );
  });

  it('keeps evaluations of a fiscal year (fiscalYear)', async () => {
    const year = Number(await mostCommon(`SELECT fiscal_year AS v FROM evaluation`));
    const expected = idList(await srv.sql<{ id: number }>(`SELECT id FROM evaluation WHERE fiscal_year = ?`, [year]));
    await expectFiltered('evaluations', 'EvaluationFilter', 'Evaluation', { fiscalYear: year }, expected);
  });

  it('keeps evaluations of services owned by the given ministries (ministryCodes)', async () => {
    const expected = idList(
      await srv.sql<{ id: number }>(
        `SELECT e.id FROM evaluation e JOIN target_project p ON p.id = e.project_id JOIN ministry m ON m.id = p.ministry_id WHERE m.code IN ('MOJ', 'JPS')`,
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    await expectFiltered('evaluations', 'EvaluationFilter', 'Evaluation', { ministryCodes: ['MOJ', 'JPS'] }, expected);
  });

  it('keeps ministries of the given kinds (kinds)', async () => {
    for (const kinds of [['AGENCY'], ['INCORPORATED_ADMINISTRATIVE_AGENCY', 'SPECIAL_CORPORATION'], ['MINISTRY']]) {
      const expected = idList(
        await srv.sql<{ id: number }>(`SELECT id FROM ministry WHERE kind IN (${kinds.map(() => '?').join(', ')})`, kinds),
      );
      expect(expected.length).toBeGreaterThan(0);
      await expectFiltered('ministries', 'MinistryFilter', 'Ministry', { kinds }, expected);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Ordering
// ---------------------------------------------------------------------------------------

interface OrderCase {
  /** Root list and its GraphQL order input type. */
  list: string;
  orderType: string;
  type: string;
  field: string;
  /** Every row of the list with its sort value, from SQL. */
  rows: () => Promise<{ id: number; v: SortValue }[]>;
  /** The sort value of a column's stored value (default: text as is, anything else as a number). */
  value?: (v: unknown) => SortValue;
}

/** Text as is, numbers (int8 and counts included) as numbers. */
const plainValue = (v: unknown): SortValue => (v === null ? null : typeof v === 'string' ? v : Number(v));
/** A timestamp (epoch ms on SQLite, text on PostgreSQL) as epoch milliseconds. */
const timestampValue = (v: unknown): SortValue => toMillis(v);

const tp = (field: string, column: string, value?: OrderCase['value']): OrderCase => ({
  list: 'targetProjects',
  orderType: 'TargetProjectOrder',
  type: 'TargetProject',
  field,
  rows: () => srv.sql(`SELECT id, ${column} AS v FROM target_project`),
  value,
});
const td = (field: string, expr: string, value?: OrderCase['value']): OrderCase => ({
  list: 'tenders',
  orderType: 'TenderOrder',
  type: 'Tender',
  field,
  rows: () => srv.sql(`SELECT t.id, ${expr} AS v FROM tender t`),
  value,
});

const ORDER_CASES: OrderCase[] = [
  tp('NAME', 'name'),
  tp('UPDATED_AT', 'updated_at', timestampValue),
  tp('BASELINE_COST', 'baseline_annual_cost_yen'),
  tp('CREATED_AT', 'created_at', timestampValue),
  td('ANNOUNCED_ON', 't.announced_on'),
  td('CONTRACT_AMOUNT', 't.contract_amount_yen'),
  // The public count: bids that count, for opened rounds only; unknown (null) while sealed.
  td(
    'NUMBER_OF_BIDDERS',
    `CASE WHEN t.status IN ('AWARDED', 'UNSUCCESSFUL') THEN (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.status <> 'WITHDRAWN') END`,
  ),
  td('ROUND', 't.round'),
  td('UPDATED_AT', 't.updated_at', timestampValue),
  {
    list: 'municipalities',
    orderType: 'MunicipalityOrder',
    type: 'Municipality',
    field: 'CODE',
    rows: () => srv.sql(`SELECT id, code AS v FROM municipality`),
  },
  {
    list: 'municipalities',
    orderType: 'MunicipalityOrder',
    type: 'Municipality',
    field: 'NAME',
    rows: () => srv.sql(`SELECT id, name AS v FROM municipality`),
  },
  { list: 'bidders', orderType: 'BidderOrder', type: 'Bidder', field: 'NAME', rows: () => srv.sql(`SELECT id, name AS v FROM bidder`) },
  {
    list: 'bidders',
    orderType: 'BidderOrder',
    type: 'Bidder',
    field: 'CREATED_AT',
    rows: () => srv.sql(`SELECT id, created_at AS v FROM bidder`),
    value: timestampValue,
  },
  {
    list: 'ministries',
    orderType: 'MinistryOrder',
    type: 'Ministry',
    field: 'CODE',
    rows: () => srv.sql(`SELECT id, code AS v FROM ministry`),
  },
  {
    list: 'ministries',
    orderType: 'MinistryOrder',
    type: 'Ministry',
    field: 'NAME',
    rows: () => srv.sql(`SELECT id, name AS v FROM ministry`),
  },
];

describe('ordering of root lists', () => {
  beforeAll(async () => {
    // Text whose code-point order differs from UTF-16 order and from any locale's order:
    // an astral kanji (U+20BB7) sorts after half-width katakana (U+FF71) by code point,
    // before it by UTF-16 code unit. Plus a duplicate name, so the id tie-break shows.
    const [ministry] = await srv.sql<{ id: number }>(`SELECT id FROM ministry ORDER BY id LIMIT 1`);
    // The latest stored timestamp, bound back as it was read (epoch ms on SQLite, text on PostgreSQL).
    const [{ now }] = await srv.sql<{ now: unknown }>(`SELECT MAX(updated_at) AS now FROM target_project`);
    const [{ dup }] = await srv.sql<{ dup: string }>(`SELECT name AS dup FROM target_project ORDER BY id LIMIT 1`);
    for (const name of ['𠮷野家庁舎の清掃業務', 'ｱｳﾄｿｰｼﾝｸﾞ窓口業務', 'Zebra窓口', 'zebra窓口', dup]) {
      await srv.sql(
        `INSERT INTO target_project (created_at, updated_at, ministry_id, name, summary, category, method, baseline_annual_cost_yen, status, version, data_source, search_text)
         VALUES (?, ?, ?, ?, 'ordering test row', 'OTHER', 'PRIVATE', 1000, 'SELECTED', 1, 'ENTERED', ?)`,
        [now, now, ministry.id, name, name.normalize('NFKC').toLowerCase()],
      );
    }
    for (const name of ['𠮷田サービス株式会社', 'ｱｲｳ株式会社', 'ＡＢＣ株式会社', 'abc株式会社']) {
      await srv.sql(
        `INSERT INTO bidder (created_at, updated_at, name, corporate_number, kind, data_source, search_text) VALUES (?, ?, ?, NULL, 'PRIVATE', 'ENTERED', ?)`,
        [new Date(), new Date(), name, name.normalize('NFKC').toLowerCase()],
      );
    }
  });

  const cases = ORDER_CASES.flatMap((c) =>
    (['ASC', 'DESC'] as Direction[]).map((direction) => ({ ...c, direction, label: `${c.list} by ${c.field} ${direction}` })),
  );

  it.each(cases)('orders $label: first 100 and last 100 follow the rule', async (c) => {
    const rows = await c.rows();
    const valueOf = c.value ?? plainValue;
    const expected = sortRows(rows, (r) => valueOf(r.v), c.direction).map((r) => gid(c.type, r.id));
    const query = `query ($order: ${c.orderType}) {
      head: ${c.list}(first: 100, orderBy: $order) { nodes { id } }
      tail: ${c.list}(last: 100, orderBy: $order) { nodes { id } }
    }`;
    const data = expectOk(await srv.gql(query, { order: { field: c.field, direction: c.direction } }));
    expect(ids(data.head.nodes), 'first 100').toEqual(expected.slice(0, 100));
    expect(ids(data.tail.nodes), 'last 100').toEqual(expected.slice(-100));
  });

  it('has nulls and ties in the sample where the rules about them matter', async () => {
    const [{ nulls }] = await srv.sql<{ nulls: number }>(`SELECT COUNT(*) AS nulls FROM tender WHERE contract_amount_yen IS NULL`);
    const [{ sealed }] = await srv.sql<{ sealed: number }>(
      `SELECT COUNT(*) AS sealed FROM tender WHERE status NOT IN ('AWARDED', 'UNSUCCESSFUL')`,
    );
    const [{ tied_names }] = await srv.sql<{ tied_names: number }>(
      `SELECT COUNT(*) - COUNT(DISTINCT name) AS tied_names FROM target_project`,
    );
    expect(Number(nulls)).toBeGreaterThan(0);
    expect(Number(sealed)).toBeGreaterThan(0);
    expect(Number(tied_names)).toBeGreaterThan(0);
  });

  it('orders text by code point, so an astral character sorts after half-width katakana', async () => {
    expect(compareCodePoints('𠮷', 'ｱ')).toBeGreaterThan(0);
    const data = expectOk(await srv.gql(`{ bidders(first: 3, orderBy: { field: NAME, direction: DESC }) { nodes { name } } }`));
    // The greatest name by code point, worked out here: SQL ORDER BY on text follows the
    // database's collation, which on PostgreSQL need not be code-point order.
    const [{ name: top }] = sortRows(await srv.sql<{ id: number; name: string }>(`SELECT id, name FROM bidder`), (r) => r.name, 'DESC');
    expect(data.bidders.nodes[0].name).toBe(top);
    expect(data.bidders.nodes[0].name.startsWith('𠮷')).toBe(true);
  });

  it.each([
    ['targetProjects', 'TargetProject', `SELECT id, name AS v FROM target_project`, 'ASC'],
    ['tenders', 'Tender', `SELECT id, announced_on AS v FROM tender`, 'DESC'],
    ['municipalities', 'Municipality', `SELECT id, code AS v FROM municipality`, 'ASC'],
    ['bidders', 'Bidder', `SELECT id, name AS v FROM bidder`, 'ASC'],
    ['ministries', 'Ministry', `SELECT id, code AS v FROM ministry`, 'ASC'],
  ] as const)('orders %s by its documented default without orderBy', async (list, type, sql, direction) => {
    const rows = await srv.sql<{ id: number; v: string }>(sql);
    const data = expectOk(await srv.gql(`{ l: ${list}(first: 100) { nodes { id } } }`));
    expect(ids(data.l.nodes)).toEqual(
      sortRows(rows, (r) => r.v, direction)
        .slice(0, 100)
        .map((r) => gid(type, r.id)),
    );
  });
});

describe('ordering of Tender.bids', () => {
  let tenderIds: number[] = [];

  beforeAll(async () => {
    // The sample has no tender mixing scored and unscored bids, nor ties: add withdrawn bids
    // (which leave 応札者数 alone) to one rated, opened round: one without a score, one tying
    // an existing bid on amount, score and submission time.
    const [t] = await srv.sql<{ id: number }>(
      `SELECT t.id FROM tender t WHERE t.status = 'AWARDED' AND t.award_criteria = 'RATED'
          AND (SELECT COUNT(*) FROM bid b WHERE b.tender_id = t.id AND b.total_score IS NOT NULL) >= 2 ORDER BY t.announced_on, t.id LIMIT 1`,
    );
    const [existing] = await srv.sql<Record<string, any>>(`SELECT * FROM bid WHERE tender_id = ? ORDER BY id LIMIT 1`, [t.id]);
    const free = await srv.sql<{ id: number }>(
      `SELECT id FROM bidder WHERE id NOT IN (SELECT bidder_id FROM bid WHERE tender_id = ?) ORDER BY id LIMIT 2`,
      [t.id],
    );
    // Timestamps are bound as read (epoch ms on SQLite, text on PostgreSQL) or as a JS Date.
    const insert = (bidderId: number, amount: number, total: number | null, submitted: unknown) =>
      srv.sql(
        `INSERT INTO bid (created_at, updated_at, tender_id, bidder_id, amount_yen, technical_score, total_score, status, submitted_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, 'WITHDRAWN', ?)`,
        [existing.created_at, existing.updated_at, t.id, bidderId, amount, total, submitted],
      );
    await insert(free[0].id, Number(existing.amount_yen) + 1, null, new Date(toMillis(existing.submitted_at)! + 1));
    await insert(free[1].id, Number(existing.amount_yen), existing.total_score, existing.submitted_at);
    tenderIds = [Number(t.id)];
  });

  const BID_FIELDS = [
    ['AMOUNT', 'amount_yen', plainValue],
    ['TOTAL_SCORE', 'total_score', plainValue],
    ['SUBMITTED_AT', 'submitted_at', timestampValue],
  ] as const;
  const bidCases = BID_FIELDS.flatMap(([field, column, value]) =>
    (['ASC', 'DESC'] as Direction[]).map((direction) => ({ field, column, value, direction })),
  );

  it.each(bidCases)(
    'orders each opened round’s bids by $field $direction, nulls last, ties by id',
    async ({ field, column, value, direction }) => {
      // The 100 earliest opened rounds, plus the one with the added bids.
      const data = expectOk(
        await srv.gql(
          `query ($order: BidOrder, $ids: [ID!]!) {
          tenders(first: 100, filter: { statuses: [AWARDED, UNSUCCESSFUL] }, orderBy: { field: ANNOUNCED_ON, direction: ASC }) {
            nodes { id bids(first: 100, orderBy: $order) { nodes { id } } }
          }
          extra: nodes(ids: $ids) { ... on Tender { id bids(first: 100, orderBy: $order) { nodes { id } } } }
        }`,
          { order: { field, direction }, ids: tenderIds.map((id) => gid('Tender', id)) },
        ),
      );
      const tenders = [...data.tenders.nodes, ...data.extra];
      const bids = await srv.sql<{ id: number; tender_id: number; v: unknown }>(`SELECT id, tender_id, ${column} AS v FROM bid`);
      const tenderRows = await srv.sql<{ id: number; award_criteria: string }>(`SELECT id, award_criteria FROM tender`);
      const byGid = new Map(tenderRows.map((t) => [gid('Tender', t.id), t]));
      const criteria = new Set<string>();
      let mixedNulls = 0;
      for (const node of tenders) {
        const t = byGid.get(node.id)!;
        criteria.add(t.award_criteria);
        const own = bids.filter((b) => Number(b.tender_id) === Number(t.id));
        if (own.some((b) => b.v === null) && own.some((b) => b.v !== null)) mixedNulls++;
        const expected = sortRows(own, (b) => value(b.v), direction).map((b) => gid('Bid', b.id));
        expect(ids(node.bids.nodes), `bids of ${node.id}`).toEqual(expected);
      }
      expect([...criteria].sort()).toEqual(['LOWEST_PRICE', 'RATED']);
      if (field === 'TOTAL_SCORE') expect(mixedNulls).toBeGreaterThan(0);
    },
  );
});
