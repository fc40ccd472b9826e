import type { MikroORM, Options } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { ReplicaSettings } from '../config/config.js';
import type { ListDb } from '../graphql/pagination/list-query.js';
import { withDeadline } from '../http/breaker.js';
import { readDataVersion } from './data-version.js';

/**
 * Reads on PostgreSQL streaming replicas (docs/replicas.md). MikroORM opens the replicas'
 * connections (its `replicas` option, with the primary's pool and driver settings) but never
 * reads from them by itself (`preferReadReplicas: false`): the ORM's own reads are those of
 * writes, the write pipeline and start-up, which belong on the primary. What a request's
 * read side runs on is chosen here, per request, by rules that keep every answer correct:
 *
 * - a replica serves reads only while it is up and at most `REPLICA_MAX_LAG_SECONDS` behind,
 *   as measured every `REPLICA_CHECK_MS`; with none such, reads go to the primary;
 * - a token that wrote reads its own writes: a replica serves it only once it has replayed
 *   the WAL position the primary had after that token's last write (`write_position`);
 * - the response cache reads the data version on the primary, and computes a missed answer
 *   only where that version has been replayed (`atVersion`);
 * - everything else of a request (its token, its rate limit, every mutation and whatever a
 *   mutation reads) stays on the primary.
 */

/** The ORM options that open one connection pool per replica URL, used only when asked for. */
export function replicaOptions(urls: readonly string[]): Partial<Options> {
  if (!urls.length) return {};
  return { replicas: urls.map((clientUrl, i) => ({ name: replicaName(i), clientUrl })), preferReadReplicas: false };
}

/** `replica1`, `replica2`, …: how metrics, /readyz and logs name the replicas (never by URL, which may hold a password). */
export const replicaName = (index: number): string => `replica${index + 1}`;

/**
 * The knex of each replica MikroORM opened. The driver keeps them in a field it does not type
 * (`replicas`); `getConnection('read')` would pick one at random, healthy or not.
 */
function replicaKnexes(orm: MikroORM): Knex[] {
  const connections = (orm.em.getDriver() as unknown as { replicas?: { getKnex(): Knex }[] }).replicas ?? [];
  return connections.map((connection) => connection.getKnex());
}

/**
 * Where the reads of a caller (a token's id, or null for anonymous) go: what the download
 * routes are given, so they need not know whether there are replicas.
 */
export type ReadsFor = (tokenId: number | null) => Promise<ListDb>;

/** What is known of one replica, from its last check. */
export interface ReplicaState {
  name: string;
  /** It answered its last check as a server in recovery (a replica). */
  up: boolean;
  /** How far behind the primary it was: the age of the newest primary position it had replayed (null while down). */
  lagSeconds: number | null;
  /** WAL bytes between the primary's position and what it had replayed (null while down). */
  lagBytes: number | null;
  /** Why it serves no reads, when it does not. */
  reason: string | null;
}

/** A WAL position (`16/B374D848`) as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

const NOT_CHECKED = 'not checked yet';

/** How long a check waits for one server. */
const CHECK_DEADLINE_MS = 2_000;

interface Replica {
  name: string;
  db: ListDb;
  /** Replayed position at the last check (bytes), or null while down. */
  replayed: bigint | null;
  state: ReplicaState;
}

/** Where a request's reads were sent, for metrics: a replica's name, or `primary`. */
export type ReadTarget = string;

export interface ReadRouterObserver {
  routed(target: ReadTarget): void;
}

export class ReadRouter {
  readonly primary: ListDb;
  private readonly replicas: Replica[];
  /** The primary's positions at recent checks (oldest first), to turn a replayed position into an age. */
  private samples: { at: number; lsn: bigint }[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    primary: ListDb,
    replicaDbs: ListDb[],
    private readonly settings: Pick<ReplicaSettings, 'maxLagSeconds' | 'checkMs'>,
    private readonly log: { warn(o: object, m: string): void; info(o: object, m: string): void } = { warn() {}, info() {} },
  ) {
    this.primary = primary;
    this.replicas = replicaDbs.map((db, i) => ({
      name: replicaName(i),
      db,
      replayed: null,
      state: { name: replicaName(i), up: false, lagSeconds: null, lagBytes: null, reason: NOT_CHECKED },
    }));
  }

  /** The router of an opened ORM: its primary, and the replicas `replicaOptions` asked it to open. */
  static of(orm: MikroORM, primary: ListDb, settings: ReplicaSettings, log?: ConstructorParameters<typeof ReadRouter>[3]): ReadRouter {
    const replicas = replicaKnexes(orm).map((knex) => ({ knex, dialect: primary.dialect }));
    return new ReadRouter(primary, replicas, settings, log);
  }

  get hasReplicas(): boolean {
    return this.replicas.length > 0;
  }

  /** The name of the database a request was given (`primary` or a replica's), for metrics. */
  nameOf(db: ListDb): ReadTarget {
    return this.replicas.find((r) => r.db === db)?.name ?? 'primary';
  }

  /** Checks every replica now, then every `checkMs` until `stop`. */
  async start(): Promise<void> {
    if (!this.hasReplicas) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.settings.checkMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /**
   * A request on `db` failed because its database could not be reached: if that was a
   * replica, it is checked again now rather than at the next interval, so at most the
   * requests already under way on it fail (retryably) before reads go elsewhere.
   */
  unreachable(db: ListDb): void {
    if (this.replicas.some((r) => r.db === db)) void this.check();
  }

  /** What is known of each replica now (for /metrics and /readyz). */
  states(): ReplicaState[] {
    return this.replicas.map((r) => ({ ...r.state }));
  }

  /**
   * Measures every replica: the primary's WAL position first, then what each replica has
   * replayed. A replica's lag is the age of the newest primary position it has replayed
   * (zero when it has replayed the current one), so an idle primary shows no lag and a
   * replica whose replay is paused shows one that grows with the time writes have waited.
   */
  check(): Promise<void> {
    this.checking ??= this.measure().finally(() => (this.checking = null));
    return this.checking;
  }

  private async measure(): Promise<void> {
    let primaryLsn: bigint;
    try {
      primaryLsn = lsnBytes(await scalar(this.primary.knex, 'SELECT pg_current_wal_lsn()::text AS v'));
    } catch {
      // The primary is down: requests fail on their own; what the replicas had is kept.
      return;
    }
    const now = Date.now();
    this.samples.push({ at: now, lsn: primaryLsn });
    const keepMs = Math.max(this.settings.maxLagSeconds * 4_000, this.settings.checkMs * 8);
    while (this.samples.length > 2 && this.samples[1].at < now - keepMs) this.samples.shift();
    await Promise.all(
      this.replicas.map(async (replica) => {
        const before = replica.state;
        try {
          const row = await first<{ recovery: boolean; replayed: string | null }>(
            replica.db.knex,
            'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed',
          );
          if (!row.recovery || row.replayed === null) throw new NotAReplica();
          const replayed = lsnBytes(row.replayed);
          replica.replayed = replayed;
          const lagSeconds = this.ageOf(replayed, primaryLsn, now);
          const behind = lagSeconds > this.settings.maxLagSeconds;
          replica.state = {
            name: replica.name,
            up: true,
            lagSeconds,
            lagBytes: Number(primaryLsn > replayed ? primaryLsn - replayed : 0n),
            reason: behind
              ? `${Math.round(lagSeconds)} s behind the primary (REPLICA_MAX_LAG_SECONDS ${this.settings.maxLagSeconds})`
              : null,
          };
        } catch (error) {
          replica.replayed = null;
          replica.state = {
            name: replica.name,
            up: false,
            lagSeconds: null,
            lagBytes: null,
            reason: error instanceof NotAReplica ? 'not a replica (not in recovery)' : 'unreachable',
          };
        }
        // One line when a replica leaves the rotation (or is out of it from the start), one when it is back.
        const unchecked = before.reason === NOT_CHECKED;
        const serving = replica.state.reason === null;
        if (!serving && (unchecked || before.reason === null))
          this.log.warn({ replica: replica.name }, `read replica ${replica.name} serves no reads: ${replica.state.reason}`);
        else if (serving && !unchecked && before.reason !== null)
          this.log.info({ replica: replica.name }, `read replica ${replica.name} serves reads again`);
      }),
    );
  }

  /** Seconds since the primary was last at a position no further than `replayed`. */
  private ageOf(replayed: bigint, primaryLsn: bigint, now: number): number {
    if (replayed >= primaryLsn) return 0;
    let at = this.samples[0].at;
    for (const sample of this.samples) if (sample.lsn <= replayed) at = sample.at;
    return (now - at) / 1000;
  }

  /** Replicas that may serve reads now, starting with the next in turn. */
  private usable(minimum: bigint | null): Replica[] {
    const ok = this.replicas.filter((r) => r.state.reason === null && r.replayed !== null && (minimum === null || r.replayed >= minimum));
    if (ok.length < 2) return ok;
    const start = this.next++ % ok.length;
    return [...ok.slice(start), ...ok.slice(0, start)];
  }

  /**
   * Where a request of this token reads: a usable replica that has replayed the token's last
   * write (read from the primary), else the primary. Anonymous callers (`tokenId` null) wrote
   * nothing and may read any usable replica.
   */
  async forCaller(tokenId: number | null): Promise<ListDb> {
    if (!this.hasReplicas) return this.primary;
    let minimum: bigint | null = null;
    if (tokenId !== null) {
      const rows = (await this.primary.knex.raw('SELECT lsn::text AS lsn FROM write_position WHERE token_id = ?', [tokenId])) as {
        rows: { lsn: string }[];
      };
      if (rows.rows[0]) minimum = lsnBytes(rows.rows[0].lsn);
    }
    const [replica] = this.usable(minimum);
    return replica?.db ?? this.primary;
  }

  /**
   * Where the response cache computes an answer it will store under `version`, the data
   * version it read on the primary: a usable replica whose own data version has reached it
   * (every public write bumps the version in its transaction, so such a replica holds every
   * public commit up to it), else the primary. An answer stored under a version never
   * predates it, whichever process or replica computed it.
   */
  async atVersion(version: string): Promise<ListDb> {
    if (!this.hasReplicas) return this.primary;
    for (const replica of this.usable(null)) {
      try {
        if (BigInt(await readDataVersion(replica.db.knex)) >= BigInt(version)) return replica.db;
      } catch {
        // Gone since its last check: the next one, or the primary.
      }
    }
    return this.primary;
  }

  /**
   * After a token's write committed: the primary's WAL position now, which is past the
   * commit, becomes the position its reads wait for. Never moved back by a slower statement
   * of another write of the same token.
   */
  async wrote(tokenId: number): Promise<void> {
    if (!this.hasReplicas) return;
    await this.primary.knex.raw(
      `INSERT INTO write_position (token_id, lsn) VALUES (?, pg_current_wal_lsn())
       ON CONFLICT (token_id) DO UPDATE SET lsn = GREATEST(write_position.lsn, excluded.lsn)`,
      [tokenId],
    );
  }
}

class NotAReplica extends Error {}

async function first<T>(knex: Knex, sql: string): Promise<T> {
  const result = (await withDeadline(Promise.resolve(knex.raw(sql)), CHECK_DEADLINE_MS)) as { rows: T[] };
  return result.rows[0];
}

async function scalar(knex: Knex, sql: string): Promise<string> {
  return (await first<{ v: string }>(knex, sql)).v;
}
