import { OptimisticLockError, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { Role, type Viewer } from '../auth/viewer.js';
import { wrotePublicly } from '../db/data-version.js';
import { commitWrite, eventsRecordedIn } from '../pipeline/events.js';
import type { Context } from './context.js';
import { unauthenticated } from './errors.js';
import { claimIdempotencyKey, outcomeOf, readReplay, recordIdempotentOutcome } from './idempotency.js';
import type { Knex } from '@mikro-orm/knex';
import { DomainError, UserError, UserErrorCode } from './user-error.js';

/** What a mutation resolver returns before it is shaped into its payload. */
export interface MutationOutcome<T> {
  value: T | null;
  userErrors: UserError[];
}

/**
 * Runs one mutation as one transaction (docs/api.md "Mutations"): a refusal (a `DomainError`
 * from a service, a stale version caught by the ORM's optimistic lock, a unique key
 * violated by a concurrent request) rolls everything back and comes back as `userErrors`.
 * Callers without a token are refused before anything runs.
 *
 * The service records what happened as domain events (`recordEvent`, beside `recordChange`);
 * they are written to the outbox last, with the data version, and the write pipeline's
 * consumers take them from there after the commit (ARCHITECTURE.md "The write pipeline").
 *
 * With an `Idempotency-Key` (core/graphql/idempotency.ts) the key is taken first, in the same
 * transaction, and what the mutation wrote is recorded last: a retry of a committed request
 * runs nothing and answers the first request's object; a refused one left no key behind.
 */
export async function runMutation<T>(ctx: Context, work: (em: EntityManager, actor: Viewer) => Promise<T>): Promise<MutationOutcome<T>> {
  if (ctx.viewer.role === Role.ANONYMOUS) {
    throw unauthenticated('writing needs a token: send "Authorization: Bearer <token>" (tokens: npm run token -- create)');
  }
  const ticket = ctx.idempotency;
  const tokenId = ctx.viewer.tokenId!;
  try {
    const done = await ctx.em.transactional(async (em): Promise<{ value: T; recorded?: boolean } | { replay: string | null }> => {
      const trx = () => em.getTransactionContext<Knex.Transaction>()!;
      if (ticket) {
        const first = await claimIdempotencyKey(trx(), tokenId, ticket);
        if (first) return { replay: first.outcome };
      }
      const result = await work(em, ctx.viewer);
      await em.flush();
      if (ticket) await recordIdempotentOutcome(trx(), tokenId, ticket, outcomeOf(result));
      const events = eventsRecordedIn(em);
      // A write that touched only sealed data changes nothing that callers without access
      // to it can see, derived data included: it records no event and leaves the data
      // version (and with it every cached answer) alone (docs/seal.md, "Caches", "Events").
      // The key row is not a public write.
      if (!wrotePublicly(em)) {
        if (events.length)
          throw new Error(
            `a write that changed only sealed data recorded ${events[0].type}: an event would reveal it (docs/seal.md "Events")`,
          );
        return { value: result };
      }
      if (!events.length) {
        throw new Error(
          'a write changed public data but recorded no event: the consumers of the write pipeline would never hear of it (ARCHITECTURE.md "The write pipeline")',
        );
      }
      // Last, so the row lock that orders writes (and outbox ids) is held only until the commit.
      await commitWrite(trx(), events);
      return { value: result, recorded: true };
    });
    if ('replay' in done) {
      ticket!.replayed = true;
      ctx.loaders.clear();
      return { value: (await readReplay(ctx, done.replay)) as T | null, userErrors: [] };
    }
    // With read replicas, this token's next reads wait for a replica that has this write.
    // Failing to note it (the primary gone just after the commit) is logged, not answered:
    // the write is committed, and the token's reads are then at most REPLICA_MAX_LAG_SECONDS stale.
    if (ctx.readYourWrites)
      await ctx.readYourWrites
        .wrote(tokenId)
        .catch((err: unknown) => ctx.log.warn({ err }, 'could not note the write for read-your-writes on replicas'));
    // The consumers of the outbox (red flags…) look at once rather than at their next poll.
    if (done.recorded) ctx.pipeline?.kick();
    // Tests only: die like `kill -9` between the commit and the answer (docs/stack.md).
    if (ctx.failpoint === 'exit-after-commit') {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    return { value: done.value, userErrors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { value: null, userErrors: error.errors };
    if (error instanceof OptimisticLockError) {
      return {
        value: null,
        userErrors: [
          {
            code: UserErrorCode.STALE_VERSION,
            message: 'the object was changed by someone else meanwhile: read it again and retry',
            field: ['input', 'expectedVersion'],
          },
        ],
      };
    }
    if (error instanceof UniqueConstraintViolationException) {
      return {
        value: null,
        userErrors: [
          { code: UserErrorCode.DUPLICATE, message: 'this already exists (another request created it at the same time)', field: null },
        ],
      };
    }
    throw error;
  } finally {
    // Anything read before the write may be stale now.
    ctx.loaders.clear();
  }
}

/** `XPayload { <field>: X, userErrors }` for a mutation (docs/api.md "Mutations"). */
export function payloadType<T extends object>(
  node: ClassType<T>,
  field: string,
  name: string,
  description: string,
): ClassType<{ value: T | null; userErrors: UserError[] }> {
  @ObjectType(name, { description })
  class Payload {
    @Field(() => node, { name: field, nullable: true, description: 'The object written; null when the mutation was refused.' })
    value!: T | null;

    @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success. Nothing is written when this is not empty.' })
    userErrors!: UserError[];
  }
  return Payload;
}
