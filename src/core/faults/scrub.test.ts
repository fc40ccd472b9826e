import { describe, expect, it } from 'vitest';
import { maskValues, scrubError, scrubText } from './scrub.js';

const SEALED = '3000008000';

describe('scrubError: what may be logged of an error', () => {
  it('cuts the SQL knex puts before the driver message, keeps the statement kind and table, and drops detail and bindings', () => {
    const e = Object.assign(
      new Error(
        `insert into "bid" ("tender_id", "amount_yen", "note") values (5, ${SEALED}, 'x') - duplicate key value violates unique constraint "bid_pkey"`,
      ),
      {
        code: '23505',
        detail: `Key (amount_yen)=(${SEALED}) already exists`,
        bindings: [5, Number(SEALED), 'x'],
        sql: `insert into "bid" ("tender_id", "amount_yen") values ($1, $2)`,
        constraint: 'bid_pkey',
      },
    );
    const out = scrubError(e);
    expect(out).toMatchObject({
      type: 'Error',
      code: '23505',
      statement: 'insert into "bid"',
      constraint: 'bid_pkey',
      message: 'duplicate key value violates unique constraint "bid_pkey"',
    });
    expect(JSON.stringify(out)).not.toContain(SEALED);
    expect(JSON.stringify(out)).not.toContain('already exists');
    expect(out.stack?.split('\n')[0]).toBe('Error: duplicate key value violates unique constraint "bid_pkey"');
  });

  it('follows cause and originalError, scrubbing each', () => {
    const inner = new Error(
      `update "tender" set "reserve_price_yen" = ${SEALED} where "id" = 3 - canceling statement due to statement timeout`,
    );
    const outer = Object.assign(new Error('wrapped'), { originalError: inner });
    const out = scrubError(outer);
    expect(out.cause).toMatchObject({ statement: 'update "tender"', message: 'canceling statement due to statement timeout' });
    expect(JSON.stringify(out)).not.toContain(SEALED);
  });

  it('masks quoted literals and long or grouped numbers, keeping ports and short numbers', () => {
    expect(maskValues(`value '${SEALED}' and ${SEALED} and 3,000,008,000 at 127.0.0.1:5432 after 15 ms`)).toBe(
      "value '…' and # and # at 127.0.0.1:5432 after 15 ms",
    );
  });

  it('scrubs free text from a library the same way', () => {
    expect(scrubText('Connection Error: Error: Connection terminated unexpectedly')).toBe(
      'Connection Error: Error: Connection terminated unexpectedly',
    );
    expect(scrubText(`select * from "bid" where "amount_yen" = ${SEALED} - timeout`)).toBe('select: timeout');
  });

  it('never throws on odd values', () => {
    expect(scrubError('plain')).toEqual({ type: 'string', message: 'plain' });
    expect(scrubError(null)).toEqual({ type: 'object', message: 'null' });
  });
});
