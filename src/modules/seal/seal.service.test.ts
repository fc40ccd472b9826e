import { knex } from '@mikro-orm/knex';
import { describe, expect, it } from 'vitest';
import { Role, type Viewer } from '../../core/auth/viewer.js';
import { TenderStatus } from '../tender/tender.enum.js';
import {
  isOpened,
  maySeeSealedData,
  OPENED_STATUSES,
  ownerNeeded,
  seesEverySealedRound,
  whereSealedDataVisible,
  type SealedRound,
} from './seal.service.js';

/** docs/seal.md: sealed until AWARDED or UNSUCCESSFUL; a CANCELLED round stays sealed. */
const OPENED = ['AWARDED', 'UNSUCCESSFUL'];
const STATUSES = Object.values(TenderStatus);

const MINE = 7;
const OTHER = 8;

const viewer = (role: Role, key: number | null = null): Viewer => ({
  role,
  tokenId: role === Role.ANONYMOUS ? null : 1,
  name: null,
  ministryId: role === Role.MINISTRY ? key : null,
  municipalityId: role === Role.MUNICIPALITY ? key : null,
});

const VIEWERS: [string, Viewer][] = [
  ['anonymous', viewer(Role.ANONYMOUS)],
  ['a ministry', viewer(Role.MINISTRY, MINE)],
  ['a local government', viewer(Role.MUNICIPALITY, MINE)],
  ['an admin', viewer(Role.ADMIN)],
];

/** A round of a target service (owned by a ministry) or of a local pilot (by a local government). */
const OWNERS: [string, (status: string, owner: number) => SealedRound][] = [
  ['a service', (status, owner) => ({ status, ministryId: owner, municipalityId: null })],
  ['a pilot', (status, owner) => ({ status, ministryId: null, municipalityId: owner })],
];

/** The rule as docs/domain.md "Sealed bids" words it, independently of the code under test. */
function expected(who: Viewer, kind: string, status: string, own: boolean): boolean {
  if (OPENED.includes(status) || who.role === Role.ADMIN) return true;
  if (who.role === Role.MINISTRY) return kind === 'a service' && own;
  if (who.role === Role.MUNICIPALITY) return kind === 'a pilot' && own;
  return false;
}

const CASES = VIEWERS.flatMap(([who, v]) =>
  OWNERS.flatMap(([kind, round]) =>
    STATUSES.flatMap((status) => [true, false].map((own) => ({ who, v, kind, round: round(status, own ? MINE : OTHER), status, own }))),
  ),
);

describe('the seal policy (docs/seal.md)', () => {
  it('names as opened exactly AWARDED and UNSUCCESSFUL, both round statuses', () => {
    expect([...OPENED_STATUSES].sort()).toEqual(OPENED);
    for (const s of OPENED_STATUSES) expect(STATUSES).toContain(s);
    for (const s of STATUSES) expect(isOpened(s)).toBe(OPENED.includes(s));
  });

  it.each(CASES.map((c) => [`${c.who}, ${c.kind} ${c.own ? 'it owns' : 'owned by another'}, ${c.status}`, c] as const))(
    'decides as docs/domain.md says: %s',
    (_, c) => {
      expect(maySeeSealedData(c.v, c.round)).toBe(expected(c.v, c.kind, c.status, c.own));
    },
  );

  it('seals a round from a ministry or local government token bound to nothing', () => {
    for (const role of [Role.MINISTRY, Role.MUNICIPALITY]) {
      const unbound = viewer(role);
      for (const [, round] of OWNERS) expect(maySeeSealedData(unbound, round(TenderStatus.CLOSED, MINE))).toBe(false);
    }
  });

  it('lets only admins skip the seal filter', () => {
    expect(VIEWERS.filter(([, v]) => seesEverySealedRound(v)).map(([who]) => who)).toEqual(['an admin']);
  });

  it('asks for the owner only when the answer depends on it, and for the one it compares', () => {
    for (const c of CASES) {
      const needed = ownerNeeded(c.v, c.status);
      const withoutMinistry = maySeeSealedData(c.v, { ...c.round, ministryId: null });
      const withoutMunicipality = maySeeSealedData(c.v, { ...c.round, municipalityId: null });
      const actual = maySeeSealedData(c.v, c.round);
      if (needed !== 'ministry') expect(withoutMinistry).toBe(actual);
      if (needed !== 'municipality') expect(withoutMunicipality).toBe(actual);
    }
  });
});

describe('the seal policy in SQL', () => {
  it('keeps exactly the rounds the predicate shows, for every caller', async () => {
    const db = knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    try {
      await db.schema.createTable('target_project', (t) => {
        t.integer('id');
        t.integer('ministry_id');
      });
      await db.schema.createTable('local_pilot', (t) => {
        t.integer('id');
        t.integer('municipality_id');
      });
      await db.schema.createTable('tender', (t) => {
        t.integer('id');
        t.string('status');
        t.integer('project_id');
        t.integer('local_pilot_id');
      });
      // Project and pilot n belong to ministry and local government n.
      await db('target_project').insert([MINE, OTHER].map((id) => ({ id, ministry_id: id })));
      await db('local_pilot').insert([MINE, OTHER].map((id) => ({ id, municipality_id: id })));
      const rounds = OWNERS.flatMap(([, round]) => STATUSES.flatMap((status) => [MINE, OTHER].map((owner) => round(status, owner))));
      const rows = rounds.map((r, i) => ({ id: i + 1, status: r.status, project_id: r.ministryId, local_pilot_id: r.municipalityId }));
      await db('tender').insert(rows);
      for (const [, v] of [...VIEWERS, ['unbound', viewer(Role.MINISTRY)] as const]) {
        const qb = db('tender as t').select('t.id').orderBy('t.id');
        whereSealedDataVisible(qb, 't', v);
        const got = ((await qb) as { id: number }[]).map((r) => r.id);
        expect(got).toEqual(rows.filter((_, i) => maySeeSealedData(v, rounds[i])).map((r) => r.id));
      }
    } finally {
      await db.destroy();
    }
  });
});
