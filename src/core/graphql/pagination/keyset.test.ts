import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CursorValue } from './cursor.js';
import { keysetPredicate, orderByTerms, sortExpression, withTieBreak, type Ordering, type SortKey } from './keyset.js';

// ---------------------------------------------------------------------------------------
// A real SQLite database: the predicate and the ORDER BY terms are SQL, so they are judged
// by what SQLite does with them, against an order computed here independently.
// ---------------------------------------------------------------------------------------

interface Row {
  id: number;
  n: number | null;
  name: string;
}

/** Nullable integers with ties and negatives; text with ties, case, kana, kanji and an astral character. */
const N: (number | null)[] = [
  3,
  null,
  3,
  1,
  null,
  -2,
  7,
  3,
  0,
  null,
  1,
  7,
  -2,
  3,
  null,
  0,
  12,
  3,
  1,
  null,
  7,
  7,
  -5,
  0,
  null,
  3,
  1,
  12,
  0,
  3,
];
const NAMES = [
  'b',
  'B',
  'a',
  'あ',
  'ア',
  'ｱ',
  '千代田区',
  '𠮷野家',
  'b',
  'a',
  'Z',
  'z',
  'あ',
  '千代田区',
  'b',
  'ア',
  '苫小牧市',
  'a',
  'B',
  'ｱ',
  '三笠市',
  'b',
  '𠮷野家',
  'z',
  'a',
  'Z',
  'あ',
  'b',
  'ア',
  '三笠市',
];
const ROWS: Row[] = N.map((n, i) => ({ id: i + 1, n, name: NAMES[i] }));

let db: sqlite3.Database;

function all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all<T>(sql, params, (err, rows) => (err ? reject(err) : resolve(rows))));
}
function run(sql: string, params: readonly unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err: Error | null) => (err ? reject(err) : resolve())));
}

beforeAll(async () => {
  db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(':memory:', (err) => (err ? reject(err) : resolve(d)));
  });
  await run('CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER NULL, name TEXT NOT NULL)');
  // Inserted out of id order, so the table's own order gives nothing away.
  for (const row of [...ROWS].reverse()) await run('INSERT INTO item (id, n, name) VALUES (?, ?, ?)', [row.id, row.n, row.name]);
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
});

const nKey = (direction: 'ASC' | 'DESC'): SortKey => ({ sql: 't.n', direction, nullable: true });
const nameKey = (direction: 'ASC' | 'DESC'): SortKey => ({ sql: 't.name', direction, text: true });

const ORDERINGS: Ordering[] = [
  { name: 'ID', keys: [] },
  { name: 'N:ASC', keys: [nKey('ASC')] },
  { name: 'N:DESC', keys: [nKey('DESC')] },
  { name: 'NAME:ASC', keys: [nameKey('ASC')] },
  { name: 'NAME:DESC', keys: [nameKey('DESC')] },
  { name: 'N:ASC,NAME:DESC', keys: [nKey('ASC'), nameKey('DESC')] },
  { name: 'N:DESC,NAME:ASC', keys: [nKey('DESC'), nameKey('ASC')] },
  { name: 'NAME:ASC,N:DESC', keys: [nameKey('ASC'), nKey('DESC')] },
  { name: 'NAME:DESC,N:ASC', keys: [nameKey('DESC'), nKey('ASC')] },
];

function valueOf(row: Row, key: SortKey): CursorValue {
  return key.sql === 't.n' ? row.n : key.sql === 't.name' ? row.name : row.id;
}

/** Code-point order (docs/api.md "Order fields"), not JavaScript's UTF-16 code-unit order. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The expected order, computed without SQL: each key in its direction, nulls last in both. */
function expectedOrder(keys: SortKey[]): Row[] {
  return [...ROWS].sort((a, b) => {
    for (const key of keys) {
      const va = valueOf(a, key);
      const vb = valueOf(b, key);
      if (va === vb) continue;
      if (va === null) return 1;
      if (vb === null) return -1;
      const c = typeof va === 'string' ? compareCodePoints(va, vb as string) : (va as number) - (vb as number);
      return key.direction === 'ASC' ? c : -c;
    }
    return 0;
  });
}

const selectKeys = (keys: SortKey[]) => keys.map((k, i) => `${k.sql} AS _k${i}`).join(', ');
const keyValues = (row: Record<string, unknown>, arity: number) => Array.from({ length: arity }, (_, i) => row[`_k${i}`] as CursorValue);

type KeyedRow = Row & Record<string, unknown>;

async function page(keys: SortKey[], size: number, position: CursorValue[] | null, side: 'after' | 'before'): Promise<KeyedRow[]> {
  const predicate = position ? keysetPredicate(keys, position, side, 'sqlite') : { sql: '1 = 1', bindings: [] };
  const rows = await all<KeyedRow>(
    `SELECT t.*, ${selectKeys(keys)} FROM item AS t WHERE ${predicate.sql} ORDER BY ${orderByTerms(keys, 'sqlite', side === 'before')} LIMIT ?`,
    [...predicate.bindings, size],
  );
  return side === 'before' ? rows.reverse() : rows;
}

async function pageForwards(keys: SortKey[], size: number): Promise<number[]> {
  const ids: number[] = [];
  let position: CursorValue[] | null = null;
  for (let guard = 0; guard <= ROWS.length; guard++) {
    const rows = await page(keys, size, position, 'after');
    ids.push(...rows.map((r) => r.id));
    if (rows.length < size) return ids;
    position = keyValues(rows[rows.length - 1], keys.length);
  }
  throw new Error('paging forwards did not end');
}

async function pageBackwards(keys: SortKey[], size: number): Promise<number[]> {
  const ids: number[] = [];
  let position: CursorValue[] | null = null;
  for (let guard = 0; guard <= ROWS.length; guard++) {
    const rows = await page(keys, size, position, 'before');
    ids.unshift(...rows.map((r) => r.id));
    if (rows.length < size) return ids;
    position = keyValues(rows[0], keys.length);
  }
  throw new Error('paging backwards did not end');
}

describe('keyset paging on SQLite', () => {
  it('has nulls and ties in the test data', () => {
    expect(ROWS).toHaveLength(30);
    expect(ROWS.filter((r) => r.n === null).length).toBeGreaterThanOrEqual(5);
    expect(new Set(ROWS.map((r) => r.n)).size).toBeLessThan(15);
    expect(new Set(ROWS.map((r) => r.name)).size).toBeLessThan(20);
  });

  describe.each(ORDERINGS)('ordering $name', (ordering) => {
    const keys = withTieBreak(ordering, 't');
    const expectedIds = expectedOrder(keys).map((r) => r.id);

    it('orders the whole list as expected, nulls last', async () => {
      const rows = await all<Row>(`SELECT t.* FROM item AS t ORDER BY ${orderByTerms(keys, 'sqlite')}`);
      expect(rows.map((r) => r.id)).toEqual(expectedIds);
      if (ordering.keys[0]?.nullable) {
        const firstNull = rows.findIndex((r) => r.n === null);
        expect(rows.slice(firstNull).every((r) => r.n === null)).toBe(true);
      }
    });

    it('orders the whole list exactly backwards when reversed', async () => {
      const rows = await all<Row>(`SELECT t.* FROM item AS t ORDER BY ${orderByTerms(keys, 'sqlite', true)}`);
      expect(rows.map((r) => r.id)).toEqual([...expectedIds].reverse());
    });

    it.each([1, 4, 7, 30, 31])('pages forwards with `after` in pages of %d and gets every row once, in order', async (size) => {
      expect(await pageForwards(keys, size)).toEqual(expectedIds);
    });

    it.each([1, 4, 7, 30, 31])('pages backwards with `before` in pages of %d and gets every row once, in order', async (size) => {
      expect(await pageBackwards(keys, size)).toEqual(expectedIds);
    });

    it('selects exactly the rows after, and exactly the rows before, every position', async () => {
      const byId = new Map(ROWS.map((r) => [r.id, r]));
      for (let i = 0; i < expectedIds.length; i++) {
        const position = keys.map((k) => valueOf(byId.get(expectedIds[i])!, k));
        const after = await page(keys, 100, position, 'after');
        const before = await page(keys, 100, position, 'before');
        expect(
          after.map((r) => r.id),
          `after #${i}`,
        ).toEqual(expectedIds.slice(i + 1));
        expect(
          before.map((r) => r.id),
          `before #${i}`,
        ).toEqual(expectedIds.slice(0, i));
      }
    });
  });
});

describe('withTieBreak', () => {
  it('appends the id in the direction of the last key', () => {
    expect(withTieBreak({ name: 'X', keys: [nKey('ASC'), nameKey('DESC')] }, 'p')).toEqual([
      nKey('ASC'),
      nameKey('DESC'),
      { sql: 'p.id', direction: 'DESC' },
    ]);
  });

  it('orders by id ascending when the ordering has no keys', () => {
    expect(withTieBreak({ name: 'ID', keys: [] }, 'p')).toEqual([{ sql: 'p.id', direction: 'ASC' }]);
  });

  it('leaves the ordering itself unchanged', () => {
    const ordering: Ordering = { name: 'N', keys: [nKey('ASC')] };
    withTieBreak(ordering, 't');
    expect(ordering.keys).toHaveLength(1);
  });
});

describe('sortExpression and orderByTerms', () => {
  it('compares text in the "C" collation on PostgreSQL, so the order is code-point order there too', () => {
    expect(sortExpression(nameKey('ASC'), 'postgresql')).toBe('t.name COLLATE "C"');
    expect(orderByTerms([nameKey('DESC')], 'postgresql')).toBe('t.name COLLATE "C" DESC');
  });

  it('leaves text alone on SQLite, which compares UTF-8 bytes', () => {
    expect(sortExpression(nameKey('ASC'), 'sqlite')).toBe('t.name');
  });

  it('does not add a collation to non-text keys', () => {
    expect(sortExpression(nKey('ASC'), 'postgresql')).toBe('t.n');
  });

  it('puts nulls last explicitly, whatever the database default', () => {
    expect(orderByTerms([nKey('DESC')], 'postgresql')).toBe('(t.n IS NULL) ASC, t.n DESC');
  });

  it('flips every direction, null placement included, when reversed', () => {
    expect(orderByTerms([nKey('ASC'), { sql: 't.id', direction: 'ASC' }], 'sqlite', true)).toBe('(t.n IS NULL) DESC, t.n DESC, t.id DESC');
  });
});

describe('keysetPredicate', () => {
  it('binds the cursor values, never splicing them into the SQL', () => {
    const predicate = keysetPredicate([nameKey('ASC'), { sql: 't.id', direction: 'ASC' }], ["x' OR 1=1 --", 3], 'after', 'sqlite');
    expect(predicate.sql).not.toContain('OR 1=1');
    expect(predicate.bindings).toContain("x' OR 1=1 --");
  });

  it('matches nothing after a null when the nullable key is the only key', () => {
    expect(keysetPredicate([nKey('ASC')], [null], 'after', 'sqlite')).toEqual({ sql: '1 = 0', bindings: [] });
  });

  it('uses the "C" collation in comparisons on PostgreSQL', () => {
    expect(keysetPredicate([nameKey('ASC')], ['a'], 'after', 'postgresql').sql).toContain('t.name COLLATE "C" > ?');
  });
});
