import type { EntityManager } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../graphql/global-id.js';
import { DomainError, UserErrorCode, type UserError } from '../graphql/user-error.js';
import { Lifecycle, moveByHand, moveKey, type HandMoveSteps } from './lifecycle.js';

/** A lifecycle of no domain: A → B → C (final), B → A, and B → C only through an event ("finish"). */
type St = 'A' | 'B' | 'C';
const MOVES: Record<St, readonly St[]> = { A: ['B'], B: ['A', 'C'], C: [] };
const WIDGET = new Lifecycle<St>('a widget', MOVES, new Map([[moveKey<St>('B', 'C'), 'finish']]));

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors).toHaveLength(1);
    return (error as DomainError).errors[0];
  }
  return expect.unreachable('not refused');
}

async function refusalOf(run: () => Promise<unknown>): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).errors[0];
  }
  return expect.unreachable('not refused');
}

describe('Lifecycle', () => {
  it('allows exactly the moves of its table', () => {
    const allowed = (['A', 'B', 'C'] as St[]).flatMap((from) =>
      (['A', 'B', 'C'] as St[]).filter((to) => WIDGET.allows(from, to)).map((to) => moveKey(from, to)),
    );
    expect(allowed).toEqual(['A>B', 'B>A', 'B>C']);
  });

  it('refuses a move outside the table with INVALID_TRANSITION on input.to, naming the allowed next states', () => {
    expect(refusal(() => WIDGET.assert('A', 'C'))).toEqual({
      code: UserErrorCode.INVALID_TRANSITION,
      message: '「A」から「C」へは移せません。次に移せる状態: 「B」（a widget cannot move from A to C; allowed next: B）',
      field: ['input', 'to'],
    });
    expect(refusal(() => WIDGET.assert('B', 'B')).message).toBe(
      '「B」から「B」へは移せません。次に移せる状態: 「A」、「C」（a widget cannot move from B to B; allowed next: A, C）',
    );
  });

  it('says a final state has no next state, and puts the refusal on the field it is given', () => {
    expect(refusal(() => WIDGET.assert('C', 'A', 'tenderId'))).toEqual({
      code: UserErrorCode.INVALID_TRANSITION,
      message:
        '「C」から「A」へは移せません。最後の状態で、ここからは移せません（a widget cannot move from C to A; allowed next: none (final state)）',
      field: ['input', 'tenderId'],
    });
  });

  it('lets assert through an event move, which only assertByHand refuses, naming the mutation that records it', () => {
    expect(() => WIDGET.assert('B', 'C')).not.toThrow();
    expect(refusal(() => WIDGET.assertByHand('B', 'C'))).toEqual({
      code: UserErrorCode.INVALID_TRANSITION,
      message: '「B」から「C」へは finish が記録する移行で、手では移せません（B → C is recorded by finish, not set by hand）',
      field: ['input', 'to'],
    });
    expect(() => WIDGET.assertByHand('B', 'A')).not.toThrow();
    // The table comes first: a move it refuses is refused as such, event or not.
    expect(refusal(() => WIDGET.assertByHand('A', 'C')).message).toBe(
      '「A」から「C」へは移せません。次に移せる状態: 「B」（a widget cannot move from A to C; allowed next: B）',
    );
  });

  it('has no event moves unless given some', () => {
    expect(() => new Lifecycle<St>('a widget', MOVES).assertByHand('B', 'C')).not.toThrow();
  });

  describe('follow (a move as the consequence of another action)', () => {
    it('sets the state, then records the move with the state it left', () => {
      const widget = { status: 'B' as St };
      const recorded: [St, St][] = [];
      WIDGET.follow(widget, 'C', (from) => recorded.push([from, widget.status]));
      expect(widget.status).toBe('C');
      expect(recorded).toEqual([['B', 'C']]);
    });

    it('does nothing, and records nothing, when the object is already there', () => {
      const widget = { status: 'C' as St };
      WIDGET.follow(widget, 'C', () => expect.unreachable('recorded a move that did not happen'));
      expect(widget.status).toBe('C');
    });

    it('refuses a move the table does not allow, leaving the object as it was', () => {
      const widget = { status: 'A' as St };
      expect(refusal(() => WIDGET.follow(widget, 'C', () => expect.unreachable('recorded a refused move'))).code).toBe(
        UserErrorCode.INVALID_TRANSITION,
      );
      expect(widget.status).toBe('A');
    });
  });
});

class Widget {
  id = 7;
  status: St = 'A';
  version = 3;
  note: string | null = null;
}

/** An EntityManager that finds one row (or none) on a database that takes no row locks, and notes what it was asked. */
function fakeEm(row: Widget | null): { em: EntityManager; asked: unknown[][] } {
  const asked: unknown[][] = [];
  const em = {
    getDriver: () => ({}),
    findOne: async (...args: unknown[]) => {
      asked.push(args);
      return row;
    },
  } as unknown as EntityManager;
  return { em, asked };
}

/** Steps that log each call, so a test sees what ran, in which order. */
function loggingSteps(
  log: string[],
  overrides: Partial<HandMoveSteps<Widget, St, { status: St }>> = {},
): HandMoveSteps<Widget, St, { status: St }> {
  return {
    authorize: () => void log.push('authorize'),
    requireVersion: (current, expected) => {
      log.push(`version ${current}/${expected}`);
      if (current !== expected) throw new DomainError(UserErrorCode.STALE_VERSION, 'stale', ['input', 'expectedVersion']);
    },
    hold: {
      from: ['B'],
      underWay: async () => {
        log.push('underWay');
        return false;
      },
      refusal: 'a part of this widget is still being made',
    },
    snapshot: (w) => {
      log.push(`snapshot ${w.status}`);
      return { status: w.status };
    },
    apply: (w) => {
      log.push(`apply ${w.status}`);
      w.note = `now ${w.status}`;
    },
    record: (w, before) => void log.push(`record ${before.status}>${w.status}`),
    ...overrides,
  };
}

const ID = toGlobalId('Widget', 7);

describe('moveByHand', () => {
  it('loads the object by global id for the write, then checks scope, version, move and hold, then sets the state, applies and records', async () => {
    const widget = Object.assign(new Widget(), { status: 'B' as St });
    const { em, asked } = fakeEm(widget);
    const log: string[] = [];
    const moved = await moveByHand(em, Widget, WIDGET, { id: ID, to: 'A', expectedVersion: 3 }, loggingSteps(log));
    expect(moved).toBe(widget);
    expect(asked).toEqual([[Widget, { id: 7 }, { refresh: true }]]);
    expect(log).toEqual(['authorize', 'version 3/3', 'underWay', 'snapshot B', 'apply A', 'record B>A']);
    expect(widget).toMatchObject({ status: 'A', note: 'now A' });
  });

  it('refuses an id of another type as NOT_FOUND on input.id without reading anything', async () => {
    const { em, asked } = fakeEm(new Widget());
    const error = await refusalOf(() =>
      moveByHand(em, Widget, WIDGET, { id: toGlobalId('Gadget', 7), to: 'B', expectedVersion: 3 }, loggingSteps([])),
    );
    expect(error).toEqual({
      code: UserErrorCode.NOT_FOUND,
      message: '見つかりません（id is not the id of a Widget）',
      field: ['input', 'id'],
    });
    expect(asked).toEqual([]);
  });

  it('refuses an id that finds nothing as NOT_FOUND on input.id', async () => {
    const { em } = fakeEm(null);
    const error = await refusalOf(() => moveByHand(em, Widget, WIDGET, { id: ID, to: 'B', expectedVersion: 3 }, loggingSteps([])));
    expect(error).toEqual({
      code: UserErrorCode.NOT_FOUND,
      message: `見つかりません（no Widget has the id ${ID}）`,
      field: ['input', 'id'],
    });
  });

  it('stops at the scope refusal before the version is looked at', async () => {
    const widget = new Widget();
    const log: string[] = [];
    const steps = loggingSteps(log, {
      authorize: () => {
        throw new DomainError(UserErrorCode.FORBIDDEN, 'not yours');
      },
    });
    expect(
      (await refusalOf(() => moveByHand(fakeEm(widget).em, Widget, WIDGET, { id: ID, to: 'C', expectedVersion: 1 }, steps))).code,
    ).toBe(UserErrorCode.FORBIDDEN);
    expect(log).toEqual([]);
    expect(widget.status).toBe('A');
  });

  it('waits for an asynchronous scope check', async () => {
    const log: string[] = [];
    const steps = loggingSteps(log, {
      authorize: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw new DomainError(UserErrorCode.FORBIDDEN, 'not yours');
      },
    });
    expect(
      (await refusalOf(() => moveByHand(fakeEm(new Widget()).em, Widget, WIDGET, { id: ID, to: 'B', expectedVersion: 3 }, steps))).code,
    ).toBe(UserErrorCode.FORBIDDEN);
    expect(log).toEqual([]);
  });

  it('stops at a stale version before the move is checked', async () => {
    const widget = new Widget();
    const log: string[] = [];
    const error = await refusalOf(() =>
      moveByHand(fakeEm(widget).em, Widget, WIDGET, { id: ID, to: 'C', expectedVersion: 2 }, loggingSteps(log)),
    );
    expect(error.code).toBe(UserErrorCode.STALE_VERSION);
    expect(log).toEqual(['authorize', 'version 3/2']);
    expect(widget.status).toBe('A');
  });

  it('refuses a move outside the table, and an event move, before asking whether anything is under way', async () => {
    const log: string[] = [];
    const outside = await refusalOf(() =>
      moveByHand(fakeEm(new Widget()).em, Widget, WIDGET, { id: ID, to: 'C', expectedVersion: 3 }, loggingSteps(log)),
    );
    expect(outside).toEqual({
      code: UserErrorCode.INVALID_TRANSITION,
      message: '「A」から「C」へは移せません。次に移せる状態: 「B」（a widget cannot move from A to C; allowed next: B）',
      field: ['input', 'to'],
    });
    const atB = Object.assign(new Widget(), { status: 'B' as St });
    const event = await refusalOf(() =>
      moveByHand(fakeEm(atB).em, Widget, WIDGET, { id: ID, to: 'C', expectedVersion: 3 }, loggingSteps(log)),
    );
    expect(event).toEqual({
      code: UserErrorCode.INVALID_TRANSITION,
      message: '「B」から「C」へは finish が記録する移行で、手では移せません（B → C is recorded by finish, not set by hand）',
      field: ['input', 'to'],
    });
    expect(log).toEqual(['authorize', 'version 3/3', 'authorize', 'version 3/3']);
    expect(atB.status).toBe('B');
  });

  it('refuses to leave a held state while a child is under way (INVALID_STATE on input.to), changing and recording nothing', async () => {
    const widget = Object.assign(new Widget(), { status: 'B' as St });
    const log: string[] = [];
    const asked: Widget[] = [];
    const steps = loggingSteps(log, {
      hold: {
        from: ['B'],
        underWay: async (w) => {
          asked.push(w);
          return true;
        },
        refusal: 'a part of this widget is still being made',
      },
    });
    const error = await refusalOf(() => moveByHand(fakeEm(widget).em, Widget, WIDGET, { id: ID, to: 'A', expectedVersion: 3 }, steps));
    expect(error).toEqual({
      code: UserErrorCode.INVALID_STATE,
      message: 'いまの状態ではできません（a part of this widget is still being made）',
      field: ['input', 'to'],
    });
    expect(asked).toEqual([widget]);
    expect(log).toEqual(['authorize', 'version 3/3']);
    expect(widget).toMatchObject({ status: 'B', note: null });
  });

  it('asks about children only when leaving a held state, and needs no hold, apply or event moves at all', async () => {
    const log: string[] = [];
    await moveByHand(fakeEm(new Widget()).em, Widget, WIDGET, { id: ID, to: 'B', expectedVersion: 3 }, loggingSteps(log));
    expect(log).toEqual(['authorize', 'version 3/3', 'snapshot A', 'apply B', 'record A>B']);

    const plain = new Lifecycle<St>('a widget', MOVES);
    const widget = Object.assign(new Widget(), { status: 'B' as St });
    const bareLog: string[] = [];
    const bare = loggingSteps(bareLog, { hold: undefined, apply: undefined });
    await moveByHand(fakeEm(widget).em, Widget, plain, { id: ID, to: 'C', expectedVersion: 3 }, bare);
    expect(bareLog).toEqual(['authorize', 'version 3/3', 'snapshot B', 'record B>C']);
    expect(widget).toMatchObject({ status: 'C', note: null });
  });
});
