import type { Knex } from '@mikro-orm/knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListDb } from '../graphql/pagination/list-query.js';
import { lsnBytes, ReadRouter } from './replicas.js';

/**
 * The routing rules of docs/replicas.md on stand-in databases: each answers the few
 * statements the router sends from a script the test sets (tests/replicas/ runs them on
 * real streaming replication).
 */
interface Fake {
  db: ListDb;
  /** The primary's WAL position, or what a replica has replayed. */
  lsn: string;
  version: number;
  /** Throws on every statement. */
  down: boolean;
  /** Token id → WAL position of its last write (primary only). */
  writes: Map<number, string>;
}

function fake(kind: 'primary' | 'replica'): Fake {
  const state = {} as Fake;
  const raw = async (sql: string, bindings: unknown[] = []) => {
    if (state.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (sql.includes('pg_current_wal_lsn()::text AS v')) return { rows: [{ v: state.lsn }] };
    if (sql.includes('pg_is_in_recovery()')) return { rows: [{ recovery: kind === 'replica', replayed: state.lsn }] };
    if (sql.includes('FROM data_version')) return { rows: [{ version: String(state.version) }] };
    if (sql.includes('FROM write_position')) {
      const lsn = state.writes.get(bindings[0] as number);
      return { rows: lsn ? [{ lsn }] : [] };
    }
    throw new Error(`unexpected statement: ${sql}`);
  };
  Object.assign(state, {
    db: { knex: { raw } as unknown as Knex, dialect: 'postgresql' },
    lsn: '0/1000',
    version: 1,
    down: false,
    writes: new Map(),
  });
  return state;
}

const name = (router: ReadRouter, db: ListDb) => router.nameOf(db);

describe('ReadRouter', () => {
  afterEach(() => vi.useRealTimers());

  it('reads WAL positions as byte offsets', () => {
    expect(lsnBytes('0/0')).toBe(0n);
    expect(lsnBytes('0/1A')).toBe(26n);
    expect(lsnBytes('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnBytes('1/0') > lsnBytes('0/FFFFFFFF')).toBe(true);
  });

  it('reads the primary while no replica is set, and checks nothing', async () => {
    const primary = fake('primary');
    const router = new ReadRouter(primary.db, [], { maxLagSeconds: 5, checkMs: 1000 });
    await router.start();
    expect(router.hasReplicas).toBe(false);
    expect(await router.forCaller(7)).toBe(primary.db);
    expect(await router.atVersion('1')).toBe(primary.db);
    expect(router.states()).toEqual([]);
  });

  it('takes caught-up replicas in turn, and leaves out one that is down until it is back', async () => {
    const primary = fake('primary');
    const [r1, r2] = [fake('replica'), fake('replica')];
    const router = new ReadRouter(primary.db, [r1.db, r2.db], { maxLagSeconds: 5, checkMs: 1000 });
    await router.check();
    const turns = [];
    for (let i = 0; i < 4; i++) turns.push(name(router, await router.forCaller(null)));
    expect(turns.sort()).toEqual(['replica1', 'replica1', 'replica2', 'replica2']);
    r2.down = true;
    await router.check();
    expect(router.states()[1]).toEqual({ name: 'replica2', up: false, lagSeconds: null, lagBytes: null, reason: 'unreachable' });
    for (let i = 0; i < 3; i++) expect(name(router, await router.forCaller(null))).toBe('replica1');
    r1.down = true;
    await router.check();
    expect(await router.forCaller(null)).toBe(primary.db);
    r1.down = r2.down = false;
    await router.check();
    expect(name(router, await router.forCaller(null))).toMatch(/^replica[12]$/);
  });

  it('measures lag as the age of the newest primary position a replica has replayed, and leaves out one too far behind', async () => {
    vi.useFakeTimers({ now: 0 });
    const primary = fake('primary');
    const replica = fake('replica');
    const router = new ReadRouter(primary.db, [replica.db], { maxLagSeconds: 5, checkMs: 1000 });
    await router.check();
    expect(router.states()[0]).toMatchObject({ lagSeconds: 0, lagBytes: 0, reason: null });
    // An idle primary: no lag, however long nothing is written.
    vi.setSystemTime(60_000);
    await router.check();
    expect(router.states()[0]).toMatchObject({ lagSeconds: 0, reason: null });
    // Writes the replica does not replay: its lag grows with the time they have waited.
    primary.lsn = '0/2000';
    vi.setSystemTime(61_000);
    await router.check();
    primary.lsn = '0/3000';
    vi.setSystemTime(64_000);
    await router.check();
    expect(router.states()[0]).toMatchObject({ lagSeconds: 4, lagBytes: 0x2000, reason: null });
    vi.setSystemTime(67_000);
    await router.check();
    expect(router.states()[0]).toMatchObject({ lagSeconds: 7, reason: '7 s behind the primary (REPLICA_MAX_LAG_SECONDS 5)' });
    expect(await router.forCaller(null)).toBe(primary.db);
    // Replayed up to the primary's position of 61 s: 6 s behind now, still out.
    replica.lsn = '0/2000';
    await router.check();
    expect(router.states()[0]).toMatchObject({
      lagSeconds: 6,
      lagBytes: 0x1000,
      reason: '6 s behind the primary (REPLICA_MAX_LAG_SECONDS 5)',
    });
    // Replayed everything the primary has: no lag, back in turn.
    replica.lsn = '0/3000';
    await router.check();
    expect(router.states()[0]).toMatchObject({ lagSeconds: 0, reason: null });
    expect(await router.forCaller(null)).toBe(replica.db);
  });

  it("sends a token's reads to the primary until a replica has replayed its last write", async () => {
    const primary = fake('primary');
    const replica = fake('replica');
    const router = new ReadRouter(primary.db, [replica.db], { maxLagSeconds: 5, checkMs: 1000 });
    await router.check();
    primary.writes.set(7, '0/1800');
    expect(await router.forCaller(7)).toBe(primary.db);
    expect(await router.forCaller(8)).toBe(replica.db);
    expect(await router.forCaller(null)).toBe(replica.db);
    replica.lsn = primary.lsn = '0/1800';
    await router.check();
    expect(await router.forCaller(7)).toBe(replica.db);
  });

  it("computes a cached answer on a replica only once its data version has reached the primary's", async () => {
    const primary = fake('primary');
    const replica = fake('replica');
    const router = new ReadRouter(primary.db, [replica.db], { maxLagSeconds: 5, checkMs: 1000 });
    await router.check();
    replica.version = 4;
    expect(await router.atVersion('5')).toBe(primary.db);
    replica.version = 5;
    expect(await router.atVersion('5')).toBe(replica.db);
    replica.down = true;
    expect(await router.atVersion('5')).toBe(primary.db);
  });
});
