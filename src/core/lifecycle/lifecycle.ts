import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { findByGlobalId } from '../db/find.js';
import { DomainError, UserErrorCode } from '../graphql/user-error.js';
import { labelOf, type LabelSet } from '../text/labels.js';

/**
 * The lifecycle engine every lifecycle runs on (a target service's, a local pilot's, a tender
 * round's): a table of allowed moves per state, the refusals of a move it does not allow,
 * and the steps a move made by hand shares. It knows no domain: each module declares its
 * table in its `*-lifecycle.service.ts`, and supplies the rules of its own (who may move
 * what, what history records) as the steps of `moveByHand`.
 */

/** `from>to`, the key of a move in `eventMoves`. */
export function moveKey<S extends string>(from: S, to: S): string {
  return `${from}>${to}`;
}

/** One lifecycle: where each state may go, and the moves only an event's mutation makes. */
export class Lifecycle<S extends string> {
  constructor(
    /** How a refusal names an object of this lifecycle ("a target service"). */
    readonly noun: string,
    /** The states each state may move to; a final state has none. A state is never its own successor. */
    readonly moves: Readonly<Record<S, readonly S[]>>,
    /**
     * Moves that record an event (an award, an evaluation's decision) and so happen only
     * through that event's mutation: `moveKey(from, to)` → the mutation's name.
     */
    readonly eventMoves: ReadonlyMap<string, string> = new Map(),
    /** The states' Japanese labels, with which a refusal begins (「評価中」から「事業実施中」へは移せません); the enum names without. */
    readonly labels?: LabelSet<S>,
  ) {}

  /** A state as a refusal names it: 「its Japanese label」. */
  private named(state: S): string {
    return `「${this.labels ? labelOf(this.labels, state) : state}」`;
  }

  allows(from: S, to: S): boolean {
    return this.moves[from].includes(to);
  }

  /** Why `from` cannot become `to`, naming the allowed next states, Japanese first: the message of every such refusal. */
  cannotMove(from: S, to: S): string {
    const allowed = this.moves[from];
    const next = allowed.length ? `次に移せる状態: ${allowed.map((s) => this.named(s)).join('、')}` : '最後の状態で、ここからは移せません';
    return (
      `${this.named(from)}から${this.named(to)}へは移せません。${next}` +
      `（${this.noun} cannot move from ${from} to ${to}; allowed next: ${allowed.length ? allowed.join(', ') : 'none (final state)'}）`
    );
  }

  /** Refuses a move the table does not allow (INVALID_TRANSITION on `input.<field>`), naming the allowed next states. */
  assert(from: S, to: S, field = 'to'): void {
    if (!this.allows(from, to)) throw new DomainError(UserErrorCode.INVALID_TRANSITION, this.cannotMove(from, to), ['input', field]);
  }

  /** A move asked for by hand: one the table allows and not one only an event's mutation makes. */
  assertByHand(from: S, to: S, field = 'to'): void {
    this.assert(from, to, field);
    const via = this.eventMoves.get(moveKey(from, to));
    if (via)
      throw new DomainError(
        UserErrorCode.INVALID_TRANSITION,
        `${this.named(from)}から${this.named(to)}へは ${via} が記録する移行で、手では移せません（${from} → ${to} is recorded by ${via}, not set by hand）`,
        ['input', field],
      );
  }

  /**
   * Moves an object as the consequence of another action (an award, a failed round, an
   * evaluation's decision): nothing when it is already in `to`; otherwise the move must be
   * allowed, and `record` writes its history once the state is set.
   */
  follow(object: { status: S }, to: S, record: (from: S) => void): void {
    const from = object.status;
    if (from === to) return;
    this.assert(from, to);
    object.status = to;
    record(from);
  }
}

/** An object by its entity type's name and primary key, as history names objects. */
export interface ObjectRef {
  type: string;
  id: number;
}

/**
 * Whether an object has a child still under way that holds it in its state: a port through
 * which a module asks about children that a module of a higher layer owns, without importing
 * it (a target service or a local pilot cannot leave TENDERING while one of its tender rounds
 * is planned, open or closed, and the rounds are the tender module's).
 *
 * The higher module implements it (`tender/tender-lifecycle.service.ts`, `roundsUnderWay`);
 * the root hands that implementation to every request in its context (`app.ts` builds
 * `Context.childrenUnderWay`); the resolver passes it to the service as an argument, and
 * the service gives it to `moveByHand` as its `hold`. Nothing is registered anywhere: a
 * service's unit test passes a stub.
 */
export type ChildrenUnderWay = (em: EntityManager, parent: ObjectRef) => Promise<boolean>;

/** What an object with a lifecycle has: a key, its state and its optimistic-lock version. */
export interface Stateful<S extends string> {
  id: number;
  status: S;
  version: number;
}

/** The fields every input of a move made by hand has. */
export interface MoveInput<S extends string> {
  /** The object's global id (`input.id`). */
  id: string;
  to: S;
  expectedVersion: number;
}

/**
 * The steps of a move made by hand that belong to the module: its rules of scope, version
 * and history, which core cannot know. `B` is what history compares, taken before the move.
 */
export interface HandMoveSteps<T extends Stateful<S>, S extends string, B> {
  /** Refuses a caller whose scope does not cover the object (FORBIDDEN). */
  authorize(object: T): void | Promise<void>;
  /** Refuses an `expectedVersion` that is not the object's current version (STALE_VERSION). */
  requireVersion(current: number, expected: number): void;
  /**
   * States the object leaves only when nothing it holds is under way (a service's round
   * while it is TENDERING): asked after the move is found allowed, refused INVALID_STATE
   * on `input.to` with `refusal`.
   */
  hold?: { from: readonly S[]; underWay(object: T): Promise<boolean>; refusal: string };
  /** What history compares: taken before the move, and passed to `record`. */
  snapshot(object: T): B;
  /** Further changes the move makes beside the state (a pilot's end date), after it is set. */
  apply?(object: T): void;
  /** Records the move in history (`before` is `snapshot` from before the move). */
  record(object: T, before: B): void;
}

/**
 * A move made by hand (transitionTargetProject, transitionLocalPilot, transitionTender), in
 * the order every one of them takes: load the object by its global id (locked for the
 * write; NOT_FOUND on `input.id`), check the caller's scope, check the expected version,
 * check the move against the table (INVALID_TRANSITION, event moves refused), refuse while
 * something it holds is under way, set the state (and what `apply` changes), record history.
 * The first refusal is thrown as the module's `DomainError`; nothing is written before it.
 */
export async function moveByHand<T extends Stateful<S>, S extends string, B>(
  em: EntityManager,
  entity: EntityClass<T>,
  lifecycle: Lifecycle<S>,
  input: MoveInput<S>,
  steps: HandMoveSteps<T, S, B>,
): Promise<T> {
  const object = await findByGlobalId(em, entity, input.id, 'id', { lock: true });
  await steps.authorize(object);
  steps.requireVersion(object.version, input.expectedVersion);
  const from = object.status;
  lifecycle.assertByHand(from, input.to);
  if (steps.hold && steps.hold.from.includes(from) && (await steps.hold.underWay(object))) {
    throw new DomainError(UserErrorCode.INVALID_STATE, steps.hold.refusal, ['input', 'to']);
  }
  const before = steps.snapshot(object);
  object.status = input.to;
  steps.apply?.(object);
  steps.record(object, before);
  return object;
}
