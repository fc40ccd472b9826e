/**
 * Two worlds under one clock: two real servers seeded alike, driven through a script of
 * steps. A COMMON step runs in both worlds, a SEALED-only step only in the world "sealed";
 * an OBSERVE step sends requests as the non-privileged principals in both worlds and keeps
 * the differences (answers during the script, e.g. whether an anonymous answer comes from the
 * response cache, are observable too).
 *
 * The clock: only `Date` is faked (timers stay real so sockets, pools and timeouts work) and
 * it stands still at the step's time while the step runs in either world, so every
 * timestamp a step writes (createdAt, updatedAt, Change.at, submittedAt) is the same in both
 * worlds; the battery runs at one later instant in both.
 */
import { vi } from 'vitest';
import { issueTestToken, startTestServer, type TestServer } from '../test-server.js';
import { compare, observe, PRINCIPALS, type Difference, type Observation, type Principal, type RequestSpec } from './exchange.js';

/**
 * plain: COMMON steps only; sealed: COMMON and SEALED-only steps; control (optional): COMMON
 * steps only again, compared with plain to show the comparison finds nothing by itself (its
 * server may run with settings of its own, `controlEnv`: the same answers are then expected
 * of both settings).
 */
export type WorldName = 'plain' | 'sealed' | 'control';

export interface World {
  name: WorldName;
  srv: TestServer;
  /** Headers per principal (tokens are issued at the same step in both worlds, so their ids match). */
  headers: Record<Principal | 'owner' | 'admin', Record<string, string>>;
  /** Raw tokens (the import runs as the owner in-process). */
  tokens: Record<string, string>;
  /** What steps created, by name (global ids, versions): each world keeps its own. */
  refs: Record<string, any>;
}

export type StepKind = 'common' | 'sealed' | 'observe';

export interface Step {
  kind: StepKind;
  label: string;
  run?: (w: World) => Promise<void>;
  /** For OBSERVE steps: the requests every principal sends. */
  requests?: (w: World) => RequestSpec[];
}

export const common = (label: string, run: (w: World) => Promise<void>): Step => ({ kind: 'common', label, run });
export const sealedOnly = (label: string, run: (w: World) => Promise<void>): Step => ({ kind: 'sealed', label, run });
export const observeStep = (label: string, requests: (w: World) => RequestSpec[]): Step => ({ kind: 'observe', label, requests });

/** Seeding and the script run from here; one step a minute (updatedAt and `since` tell steps apart). */
export const CLOCK_START = Date.parse('2026-11-20T01:00:00.000Z');
export const STEP_MS = 60_000;

/** The sample both worlds are seeded with: small, fixed. */
export const SAMPLE = { scale: 0.02, seed: 20061101, asOf: '2026-11-01' };

/** The ministry that owns the sealed rounds, and one that does not. */
export const OWNER_MINISTRY = 'MOE';
export const OTHER_MINISTRY = 'MOJ';

export interface Worlds {
  plain: World;
  sealed: World;
  control: World | null;
  /** Every world, in the order they answer. */
  all: World[];
  /** The instant of each step (index = step number), for `since` filters. */
  stepTimes: string[];
  /** Differences seen by OBSERVE steps (plain against sealed, plain against control). */
  observed: Difference[];
  observedControl: Difference[];
  /** The largest id of each table right after seeding (objects past it were made by the script). */
  seedMax: Record<string, number>;
  /** The instant the battery runs at. */
  batteryTime: number;
  /**
   * Sends one request (or, per world, its own form of it) to every world at the battery's
   * instant and compares the answers: plain against sealed, and plain against control.
   */
  exchange(spec: RequestSpec | ((w: World) => RequestSpec)): Promise<{
    plain: Observation;
    sealed: Observation;
    control: Observation | null;
    differences: Difference[];
    controlDifferences: Difference[];
  }>;
  stop(): Promise<void>;
}

export const at = (ms: number) => vi.setSystemTime(new Date(ms));

/**
 * Starts both servers, issues the tokens, runs the script and returns the worlds ready for
 * the battery. `withSealed: false` runs the sealed-only steps in neither world (the control
 * that proves the comparison is not failing for reasons of its own).
 */
export async function buildWorlds(
  steps: readonly Step[],
  options: { control?: boolean; controlEnv?: Record<string, string> } = {},
): Promise<Worlds> {
  vi.useFakeTimers({ toFake: ['Date'] });
  at(CLOCK_START);
  // The clock stands still while the worlds are made and while a step runs, so the worlds
  // can work at the same time: each has its own database, and every timestamp is the step's.
  const make = async (name: WorldName): Promise<World> => {
    const srv = await startTestServer({ seed: SAMPLE, env: name === 'control' ? options.controlEnv : undefined });
    return { name, srv, headers: {} as World['headers'], tokens: {}, refs: {} };
  };
  const names: WorldName[] = options.control ? ['plain', 'sealed', 'control'] : ['plain', 'sealed'];
  const worlds = await Promise.all(names.map(make));
  try {
    return await runScript(worlds, steps);
  } catch (e) {
    vi.useRealTimers();
    await Promise.all(worlds.map((w) => w.srv.stop()));
    throw e;
  }
}

async function runScript(worlds: World[], steps: readonly Step[]): Promise<Worlds> {
  const [plain, sealed] = worlds;
  const control = worlds[2] ?? null;
  const seedMax: Record<string, number> = {};
  for (const table of ['bid', 'bidder', 'change', 'tender', 'target_project']) {
    seedMax[table] = Number((await plain.srv.sql(`SELECT MAX(id) AS m FROM ${table}`))[0]?.m ?? 0);
  }
  let t = CLOCK_START + STEP_MS;
  const stepTimes: string[] = [];
  const observed: Difference[] = [];
  const observedControl: Difference[] = [];

  // Tokens: the same step in both worlds, so their ids (and `Actor` ids in history) match.
  at(t);
  await Promise.all(
    worlds.map(async (w) => {
      const municipalityCode = await firstPilotMunicipality(w.srv);
      w.refs.municipalityCode = municipalityCode;
      // One after another within a world, so token ids are the same in every world.
      const issue = async (key: string, request: Parameters<typeof issueTestToken>[1]) => {
        const issued = await issueTestToken(w.srv, request);
        w.tokens[key] = issued.token;
        return issued.headers;
      };
      w.headers = {
        anonymous: {},
        admin: await issue('admin', { role: 'ADMIN', name: 'auditor' }),
        owner: await issue('owner', { role: 'MINISTRY', ministryCode: OWNER_MINISTRY, name: 'owner ministry' }),
        otherMinistry: await issue('otherMinistry', { role: 'MINISTRY', ministryCode: OTHER_MINISTRY, name: 'other ministry' }),
        municipality: await issue('municipality', { role: 'MUNICIPALITY', municipalityCode, name: 'a municipality' }),
      };
    }),
  );
  stepTimes.push(new Date(t).toISOString());

  for (const step of steps) {
    t += STEP_MS;
    stepTimes.push(new Date(t).toISOString());
    if (step.kind === 'observe') {
      at(t);
      for (const principal of PRINCIPALS) {
        const specs = step.requests!(plain).map((s) => ({ ...s, principal, label: `${step.label}: ${s.label}` }));
        for (const spec of specs) {
          const [a, b, c] = await Promise.all(worlds.map((w) => observe(w.srv.base, w.headers[principal], spec)));
          observed.push(...compare(spec, a, b));
          if (c) observedControl.push(...compare(spec, a, c));
        }
      }
      continue;
    }
    at(t);
    await Promise.all(
      (step.kind === 'sealed' ? [sealed] : worlds).map(async (w) => {
        try {
          await step.run!(w);
        } catch (e) {
          throw new Error(`step "${step.label}" failed in world ${w.name}: ${(e as Error).message}`, { cause: e });
        }
        // What follows a write (the red flags, ARCHITECTURE.md "The write pipeline") is done
        // before anything is observed, at the step's time, in every world alike.
        await w.srv.settle();
      }),
    );
  }

  const batteryTime = t + STEP_MS;
  const result: Worlds = {
    plain,
    sealed,
    control,
    all: worlds,
    stepTimes,
    observed,
    observedControl,
    seedMax,
    batteryTime,
    // The clock stands still at batteryTime while the battery runs, so the two worlds can
    // answer at once (each world still answers its requests in the battery's order).
    async exchange(request) {
      at(batteryTime);
      const specOf = (w: World) => (typeof request === 'function' ? request(w) : request);
      const [a, b, c] = await Promise.all(worlds.map((w) => observe(w.srv.base, w.headers[specOf(w).principal], specOf(w))));
      const spec = specOf(plain);
      return {
        plain: a,
        sealed: b,
        control: c ?? null,
        differences: compare(spec, a, b),
        controlDifferences: c ? compare(spec, a, c) : [],
      };
    },
    async stop() {
      vi.useRealTimers();
      await Promise.all(worlds.map((w) => w.srv.stop()));
    },
  };
  return result;
}

async function firstPilotMunicipality(srv: TestServer): Promise<string> {
  const rows = await srv.sql<{ code: string }>(
    'SELECT m.code AS code FROM local_pilot p JOIN municipality m ON m.id = p.municipality_id ORDER BY p.id LIMIT 1',
  );
  if (!rows[0]) throw new Error('the sample has no local pilot: raise SAMPLE.scale');
  return String(rows[0].code);
}
