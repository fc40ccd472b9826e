import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Knex } from '@mikro-orm/knex';
import { GraphQLError, Kind, print, type DocumentNode } from 'graphql';
import type { Context, IdempotencyTicket } from './context.js';

/**
 * Idempotent mutations (README "Writing data", "Retrying safely"). A client that sends
 * `Idempotency-Key: <key>` with a mutation and gets no answer (the connection dropped, the
 * process died after the commit) sends the same request again with the same key: if the
 * first one committed, the retry runs nothing and answers the first one's object (re-read
 * now, through the same visibility rules as any read) with empty `userErrors`, marked by the
 * response header `Idempotency-Replayed: true` and `extensions.idempotencyReplayed`; if it did
 * not commit (refused with `userErrors`, or never reached the database), the retry runs.
 *
 * The key row is written inside the mutation's own transaction (`runMutation`), first, so
 * it commits exactly with the write and a second request with the same key waits on it
 * (the unique (caller, key) index) until the first commits or rolls back. Keys are per
 * caller (token), kept for IDEMPOTENCY_WINDOW_HOURS; queries ignore the header.
 *
 * The seal (docs/seal.md): the table is read only by the same caller's retries, and writing
 * a key row is not a public write (`notePublicWrite` is not called), so a key sent with a
 * write under the seal leaves the data version, and everything others see, as it was.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotency-Replayed';

/** 1 to 200 visible ASCII characters (no spaces): a UUID, a ULID, a counter with a prefix. */
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Expired rows are purged at most this often per process, this many at a time. */
const PURGE_EVERY_MS = 60_000;
const PURGE_BATCH = 1_000;

/** What a mutation sent with a key carries into `runMutation`. */
export type { IdempotencyTicket };

/** Refusals of the header: `BAD_REQUEST`, with `reason` saying which. */
function badRequest(message: string, reason: string, status = 400): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', reason, http: { status } } });
}

/** The same request: the document (printed, so layout and comments do not count), operation name and variables. */
export function requestFingerprint(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  return createHash('sha256')
    .update(JSON.stringify([print(document), operationName ?? null, canonical(variables ?? {})]))
    .digest('hex');
}

/** Objects with their keys sorted, so `{a, b}` and `{b, a}` are the same variables. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Reads the header of a mutation into `ctx.idempotency` before anything runs, refusing a
 * malformed key or a document that does more than one mutation; marks a replayed answer;
 * purges expired keys now and then.
 */
export function idempotencyPlugin(options: { knex: Knex; windowHours: number }): ApolloServerPlugin<Context> {
  const windowMs = options.windowHours * 3_600_000;
  let lastPurge = 0;
  return {
    async requestDidStart({ request }) {
      const raw = request.http?.headers.get(IDEMPOTENCY_KEY_HEADER);
      if (raw == null) return;
      return {
        async didResolveOperation({ operation, document, operationName, request: req, contextValue }) {
          // A query may be repeated freely: the key is ignored (README, "Retrying safely").
          if (operation?.operation !== 'mutation') return;
          if (!KEY_PATTERN.test(raw)) {
            throw badRequest(
              `the ${IDEMPOTENCY_KEY_HEADER} header must be 1 to 200 visible ASCII characters without spaces (a UUID, say); got ${raw.length} characters`,
              'IDEMPOTENCY_KEY_INVALID',
            );
          }
          const fields = operation.selectionSet.selections;
          if (fields.length !== 1 || fields[0].kind !== Kind.FIELD) {
            throw badRequest(
              `an ${IDEMPOTENCY_KEY_HEADER} applies to one mutation: send a document whose operation selects exactly one mutation field (no fragments at the root); this one selects ${fields.length}`,
              'IDEMPOTENCY_KEY_NEEDS_ONE_MUTATION',
            );
          }
          contextValue.idempotency = {
            key: raw,
            fingerprint: requestFingerprint(document, operationName, req.variables),
            operation: fields[0].name.value,
            windowMs,
            replayed: false,
          };
        },
        async willSendResponse({ contextValue, response }) {
          const ticket = contextValue.idempotency;
          if (!ticket) return;
          if (ticket.replayed) {
            response.http.headers.set(REPLAYED_HEADER, 'true');
            if (response.body.kind === 'single') {
              response.body.singleResult.extensions = { ...response.body.singleResult.extensions, idempotencyReplayed: true };
            }
          }
          if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
          lastPurge = Date.now();
          try {
            await purgeExpiredKeys(options.knex, windowMs);
          } catch (err) {
            // Opportunistic: the next purge catches up; a replay never depends on it.
            contextValue.log.warn({ err }, 'purging expired idempotency keys failed');
          }
        },
      };
    },
  };
}

/** Deletes up to a batch of keys older than the window (of any caller). */
export async function purgeExpiredKeys(knex: Knex, windowMs: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - windowMs);
  return knex('idempotency_key')
    .whereIn('id', knex('idempotency_key').select('id').where('created_at', '<', cutoff).orderBy('id').limit(PURGE_BATCH))
    .delete();
}

/**
 * In the mutation's transaction, before its work: takes the key for this request (null: run
 * the work) or answers what the first request with it wrote. A row of another request with
 * the key is refused (`IDEMPOTENCY_KEY_REUSED`); a row past the window no longer counts.
 * On PostgreSQL, a concurrent first request still running makes the insert wait for its
 * commit (then this one replays it) or its rollback (then this one runs).
 */
export async function claimIdempotencyKey(
  trx: Knex,
  tokenId: number,
  ticket: IdempotencyTicket,
  now = new Date(),
): Promise<{ outcome: string | null } | null> {
  const cutoff = new Date(now.getTime() - ticket.windowMs);
  await trx('idempotency_key').where({ token_id: tokenId, key: ticket.key }).andWhere('created_at', '<', cutoff).delete();
  const inserted = await trx('idempotency_key')
    .insert({
      token_id: tokenId,
      key: ticket.key,
      fingerprint: ticket.fingerprint,
      operation: ticket.operation,
      outcome: null,
      created_at: now,
    })
    .onConflict(['token_id', 'key'])
    .ignore()
    .returning('id');
  if (inserted.length === 1) return null;
  const [first] = (await trx('idempotency_key')
    .where({ token_id: tokenId, key: ticket.key })
    .select('fingerprint', 'operation', 'outcome')) as { fingerprint: string; operation: string; outcome: string | null }[];
  if (!first) {
    // Purged between the two statements (it had just expired): nothing to replay, nothing run.
    throw badRequest('this Idempotency-Key expired while the request was answered: send the request again', 'IDEMPOTENCY_KEY_EXPIRED', 409);
  }
  if (first.fingerprint !== ticket.fingerprint) {
    throw badRequest(
      `this ${IDEMPOTENCY_KEY_HEADER} was already used by this token for another request (${first.operation}) within the last ${ticket.windowMs / 3_600_000} hours; ` +
        'a new request needs a new key. Nothing was run',
      'IDEMPOTENCY_KEY_REUSED',
      422,
    );
  }
  return { outcome: first.outcome };
}

/** In the same transaction, after the work: what the request wrote, for its retries. */
export async function recordIdempotentOutcome(
  trx: Knex,
  tokenId: number,
  ticket: IdempotencyTicket,
  outcome: string | null,
): Promise<void> {
  await trx('idempotency_key').where({ token_id: tokenId, key: ticket.key }).update({ outcome });
}

/** The global id of what a mutation answered (an entity), or null. */
export function outcomeOf(value: unknown): string | null {
  const id = value && typeof value === 'object' ? (value as { globalId?: unknown }).globalId : undefined;
  return typeof id === 'string' ? id : null;
}

/**
 * A replay answers the first request's object read as `node(id)` reads it: through the
 * context's `readNode` (schema.ts's node fetchers, handed to every request by app.ts).
 */
export function readReplay(ctx: Context, globalId: string | null): Promise<object | null> {
  if (globalId === null) return Promise.resolve(null);
  if (!ctx.readNode) throw new Error('the request context has no readNode (app.ts wires it from schema.ts)');
  return ctx.readNode(ctx, globalId);
}
