import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { MikroORM } from '@mikro-orm/core';
import { main as subscriberMain } from '../clients/subscriber/subscriber.cli.js';
import { TrackerClient } from '../clients/lib/tracker-client.js';
import { PublicEventsDocument } from '../clients/generated/graphql.js';
import { openDatabase } from '../src/core/db/orm.js';
import { ENTITIES } from '../src/entities.js';
import { Role } from '../src/core/auth/viewer.js';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../src/core/http/subscriptions.js';
import { issueToken } from '../src/modules/access/token.service.js';
import {
  award,
  closedTenderWithBids,
  createBidder,
  createOpenTender,
  createProject,
  createTender,
  createTenderingProject,
  mutateOk,
  projectInput,
  recordBidOk,
  type Headers,
} from './support/factories.js';
import { post, startServerProcess, type ServerProcess } from './support/processes.js';
import { issueTestToken, startTestServer, testDatabase, type TestServer } from './support/test-server.js';

/**
 * GraphQL subscriptions over WebSocket (docs/notifications.md "Subscriptions"): a subscriber
 * hears of the public events committed after it subscribed that match its filter; nested
 * fields are resolved with the subscriber's own role, so they follow the seal; a bad token is
 * refused, a revoked one cut off; the HTTP limits hold; on PostgreSQL another process's write
 * reaches a subscriber through LISTEN/NOTIFY.
 */

const EVENT_FIELDS = 'id type title ministryCode status';

interface Subscription {
  /** `publicEvents` of each event received, in order. */
  events: Record<string, any>[];
  /** Errors of `next` messages (e.g. the filter refused). */
  errors: { message: string; extensions?: { code?: string } }[];
  /** How the subscription ended: the close event's code, an error message list, or `complete`. */
  ended: Promise<{ code?: number; reason?: string; errors?: { message: string; extensions?: { code?: string } }[]; complete?: true }>;
  close: () => Promise<void>;
}

function subscribe(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Subscription {
  const events: Record<string, any>[] = [];
  const errors: Subscription['errors'] = [];
  let end!: (value: Awaited<Subscription['ended']>) => void;
  const ended = new Promise<Awaited<Subscription['ended']>>((resolve) => (end = resolve));
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  const dispose = client.subscribe<{ publicEvents: Record<string, any> }>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...(result.errors as Subscription['errors']));
        if (result.data?.publicEvents) events.push(result.data.publicEvents);
      },
      error: (error) => {
        const close = error as { code?: number; reason?: string };
        if (Array.isArray(error)) end({ errors: error as Subscription['errors'] });
        else end({ code: close.code, reason: close.reason });
      },
      complete: () => end({ complete: true }),
    },
  );
  return {
    events,
    errors,
    ended,
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}

async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The server's `tracker_subscriptions_active`. */
async function activeSubscriptions(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^tracker_subscriptions_active (\d+)/m.exec(text)?.[1] ?? -1);
}

/** Subscribes and waits until the server counts it (from then on, every commit reaches it). */
async function subscribed(base: string, url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const before = await activeSubscriptions(base);
  const sub = subscribe(url, query, variables, token);
  await waitFor('the subscription to be registered', async () => (await activeSubscriptions(base)) > before);
  return sub;
}

const EVENTS = (selection = EVENT_FIELDS) => `subscription S($filter: EventFilter) { publicEvents(filter: $filter) { ${selection} } }`;

describe('publicEvents subscriptions', () => {
  let srv: TestServer;
  let moj: Headers;
  let mojToken: string;
  let moe: Headers;
  let admin: string;
  const open: Subscription[] = [];
  const track = (s: Subscription) => (open.push(s), s);

  beforeAll(async () => {
    srv = await startTestServer();
    ({ token: mojToken, headers: moj } = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ' }));
    moe = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE' })).headers;
    admin = (await issueTestToken(srv, { role: 'ADMIN' })).token;
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await srv?.stop();
  });

  it("an anonymous subscriber to MOJ's events hears of a MOJ round announced, and of nothing of another ministry", async () => {
    const sub = track(await subscribed(srv.base, srv.url, EVENTS(), { filter: { ministryCodes: ['MOJ'] } }));
    const other = await createTenderingProject(srv, moe);
    await createTender(srv, moe, { projectId: other.id }, { title: '環境省の入札（聞こえないはず）' });
    const mine = await createTenderingProject(srv, moj, { ministryCode: 'MOJ' });
    await createTender(srv, moj, { projectId: mine.id }, { title: '法務省の入札（購読のテスト）' });
    await srv.settle();
    const announced = await waitFor('the MOJ round announced', () =>
      sub.events.find((e) => e.type === 'TENDER_ANNOUNCED' && String(e.title).includes('法務省の入札（購読のテスト）')),
    );
    expect(announced).toMatchObject({ ministryCode: 'MOJ', status: 'PLANNED' });
    expect(announced.id).toEqual(expect.any(String));
    // Events arrive in commit order: the other ministry's, committed first, would be here by now.
    expect(sub.events.length).toBeGreaterThan(1);
    expect(sub.events.every((e) => e.ministryCode === 'MOJ')).toBe(true);
    expect(sub.events.some((e) => String(e.title).includes('環境省の入札'))).toBe(false);
    expect(sub.errors).toEqual([]);
  });

  it('a bid on an open round (a sealed-only write) tells no one anything', async () => {
    const project = await createTenderingProject(srv, moj, { ministryCode: 'MOJ' });
    const round = await createOpenTender(srv, moj, project.id);
    const bidder = await createBidder(srv, moj);
    await srv.settle();
    const listeners = [
      track(await subscribed(srv.base, srv.url, EVENTS())),
      track(await subscribed(srv.base, srv.url, EVENTS(), {}, mojToken)),
      track(await subscribed(srv.base, srv.url, EVENTS(), {}, admin)),
    ];
    await recordBidOk(srv, moj, round.id, bidder.id, 123_456_789);
    await srv.settle();
    // A public write after it: once its event is here, anything the bid caused would be too.
    const marker = await createProject(srv, moj, { ministryCode: 'MOJ', name: '購読の目印となる対象事業' });
    await srv.settle();
    for (const sub of listeners) {
      await waitFor('the marker event', () => sub.events.find((e) => String(e.title).includes('購読の目印となる対象事業')));
      expect(sub.events.map((e) => e.type)).toEqual(['SERVICE_CREATED']);
      expect(JSON.stringify(sub.events)).not.toContain('123456789');
    }
    expect(marker.id).toEqual(expect.any(String));
  });

  it('the award opens the round: a subscriber selecting its bids sees them', async () => {
    const { tender, bids } = await closedTenderWithBids(
      srv,
      moj,
      [{ amountYen: 210_000_000 }, { amountYen: 190_000_000 }],
      {},
      { ministryCode: 'MOJ' },
    );
    const sub = track(
      await subscribed(srv.base, srv.url, EVENTS('type tender { id status numberOfBidders bids(first: 10) { nodes { amountYen } } }'), {
        filter: { types: ['TENDER_AWARDED'] },
      }),
    );
    expect((await award(srv, moj, tender, bids[1].id, 190_000_000)).userErrors).toEqual([]);
    await srv.settle();
    const awarded = await waitFor('the award', () => sub.events.find((e) => e.tender?.id === tender.id));
    expect(awarded.tender).toMatchObject({ status: 'AWARDED', numberOfBidders: 2 });
    expect(awarded.tender.bids.nodes.map((b: { amountYen: number }) => b.amountYen).sort()).toEqual([190_000_000, 210_000_000]);
  });

  it("nested fields follow the seal for the subscriber's role: a deadline moved on a sealed round", async () => {
    const project = await createTenderingProject(srv, moj, { ministryCode: 'MOJ' });
    const round = await createOpenTender(srv, moj, project.id);
    for (const amount of [150_000_000, 160_000_000]) await recordBidOk(srv, moj, round.id, (await createBidder(srv, moj)).id, amount);
    await srv.settle();
    const selection = 'type tender { id status numberOfBidders reservePriceYen bids(first: 10) { nodes { amountYen } } }';
    const filter = { filter: { types: ['TENDER_DEADLINE_CHANGED'] } };
    const anonymous = track(await subscribed(srv.base, srv.url, EVENTS(selection), filter));
    const owner = track(await subscribed(srv.base, srv.url, EVENTS(selection), filter, mojToken));
    await mutateOk(srv, 'updateTender', { id: round.id, expectedVersion: round.version, bidDeadline: '2026-05-29' }, moj);
    await srv.settle();
    const seenBy = async (sub: Subscription) =>
      (await waitFor('the deadline change', () => sub.events.find((e) => e.tender?.id === round.id))).tender;
    const public_ = await seenBy(anonymous);
    expect(public_).toMatchObject({ status: 'OPEN', numberOfBidders: null, reservePriceYen: null });
    expect(public_.bids?.nodes ?? []).toEqual([]);
    const own = await seenBy(owner);
    expect(own).toMatchObject({ status: 'OPEN', numberOfBidders: 2, reservePriceYen: 300_000_000 });
    expect(own.bids.nodes.map((b: { amountYen: number }) => b.amountYen).sort()).toEqual([150_000_000, 160_000_000]);
  });

  it('refuses a bad filter as a query argument would be: an unknown ministry, text over 200 characters', async () => {
    for (const [filter, named] of [
      [{ ministryCodes: ['MOJ', 'NOPE'] }, 'NOPE'],
      [{ text: 'あ'.repeat(201) }, '201 characters'],
    ] as const) {
      const sub = track(subscribe(srv.url, EVENTS(), { filter }));
      const end = await sub.ended;
      const errors = end.errors ?? sub.errors;
      expect(errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(errors[0].message).toContain(named);
    }
  });

  it('over WebSocket: queries are refused, and the HTTP limits hold; over HTTP, subscriptions are refused', async () => {
    const query = track(subscribe(srv.url, '{ viewer { role } }'));
    const refused = await query.ended;
    expect(refused.errors?.[0].message).toContain('subscriptions only');
    let deep = 'id';
    for (let i = 0; i < 10; i++) deep = `project { tenders(first: 1) { nodes { ${deep} } } }`;
    const tooDeep = track(subscribe(srv.url, EVENTS(`type tender { ${deep} }`)));
    const limited = await tooDeep.ended;
    expect(limited.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(limited.errors?.[0].message).toContain('depth');
    const overHttp = await srv.gql(EVENTS());
    expect(overHttp.status).toBe(400);
    expect(overHttp.errors?.[0].message).toContain('WebSocket');
  });

  it(`a connection holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once`, async () => {
    const client = createClient({ url: srv.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const before = await activeSubscriptions(srv.base);
      const open = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () =>
        client.subscribe({ query: EVENTS() }, { next: () => {}, error: () => {}, complete: () => {} }),
      );
      await waitFor('every subscription to be registered', async () => (await activeSubscriptions(srv.base)) === before + open.length);
      const oneTooMany = () =>
        new Promise<{ message: string; extensions?: { code?: string } }[] | 'next'>((resolve) =>
          client.subscribe({ query: EVENTS() }, { next: () => resolve('next'), error: (e) => resolve(e as never), complete: () => {} }),
        );
      const refused = await oneTooMany();
      expect(refused).not.toBe('next');
      expect((refused as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
      // Completing one makes room for another.
      open[0]();
      await waitFor(
        'the completed subscription to be gone',
        async () => (await activeSubscriptions(srv.base)) === before + open.length - 1,
      );
      client.subscribe({ query: EVENTS() }, { next: () => {}, error: () => {}, complete: () => {} });
      await waitFor('the new subscription to be registered', async () => (await activeSubscriptions(srv.base)) === before + open.length);
    } finally {
      await client.dispose();
    }
  });

  it('a bad token is refused with 4401; a revoked token is cut off with 4403 at its next event', async () => {
    const bad = subscribe(srv.url, EVENTS(), {}, `mtt_1_${'x'.repeat(43)}`);
    expect(await bad.ended).toMatchObject({ code: 4401 });
    const garbled = subscribe(srv.url, EVENTS(), {}, 'not-a-token');
    expect(await garbled.ended).toMatchObject({ code: 4401 });

    const doomed = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ', name: 'revoked subscriber' });
    const sub = track(await subscribed(srv.base, srv.url, EVENTS(), {}, doomed.token));
    await createProject(srv, moj, { ministryCode: 'MOJ', name: '失効前の対象事業' });
    await srv.settle();
    await waitFor('the event before the revocation', () => sub.events.length === 1);
    await srv.sql('UPDATE api_token SET revoked_at = ? WHERE id = ?', [new Date().toISOString(), doomed.id]);
    // The token is checked again at most every 5 s, before an event.
    await new Promise((r) => setTimeout(r, 5_200));
    await createProject(srv, moj, { ministryCode: 'MOJ', name: '失効後の対象事業' });
    await srv.settle();
    expect(await sub.ended).toMatchObject({ code: 4403 });
    expect(sub.events).toHaveLength(1);
    // And it cannot come back.
    const again = subscribe(srv.url, EVENTS(), {}, doomed.token);
    expect(await again.ended).toMatchObject({ code: 4401 });
  });

  it('the example subscriber (typed document over graphql-ws) prints the events it was asked for', async () => {
    const out: string[] = [];
    const before = await activeSubscriptions(srv.base);
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      const running = subscriberMain(
        ['--ministry', 'MOJ', '--type', 'SERVICE_CREATED', '--count', '1'],
        new TrackerClient({ url: srv.url }),
      );
      await waitFor('the example to subscribe', async () => (await activeSubscriptions(srv.base)) > before);
      await createProject(srv, moe, { name: '環境省の対象事業（表示されないはず）' });
      await createProject(srv, moj, { ministryCode: 'MOJ', name: '例のプログラムが表示する対象事業' });
      await srv.settle();
      expect(await running).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00 {2}SERVICE_CREATED {2}【対象公共サービスの登録】法務省 例のプログラムが表示する対象事業 {2}\S+$/,
    );
    // Leaving the loop ends the subscription on the server.
    await waitFor('the example to unsubscribe', async () => (await activeSubscriptions(srv.base)) === before);
  });
});

describe('subscriptions at shutdown', () => {
  it("closing the app closes every subscriber's connection with 1001", async () => {
    const srv = await startTestServer({ seed: false });
    try {
      const sub = await subscribed(srv.base, srv.url, EVENTS());
      const stopping = srv.stop();
      expect(await sub.ended).toMatchObject({ code: 1001, reason: 'server going away' });
      await stopping;
    } catch (error) {
      await srv.stop().catch(() => {});
      throw error;
    }
  });
});

describe('subscriptions on a server that accepts only trusted documents', () => {
  it("accepts the generated clients' subscription and refuses an ad-hoc one", async () => {
    const srv = await startTestServer({ seed: false, env: { TRUSTED_DOCUMENTS: resolve('clients/generated/persisted-documents.json') } });
    const client = new TrackerClient({ url: srv.url });
    const events = client.subscribe(PublicEventsDocument, { filter: { types: ['POLICY_ADOPTED'] } });
    try {
      const ended = events.next().then(
        () => null,
        (error: Error) => error,
      );
      await waitFor('the trusted subscription to be registered', async () => (await activeSubscriptions(srv.base)) === 1);
      const adHoc = subscribe(srv.url, EVENTS());
      const refused = await adHoc.ended;
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(refused.errors?.[0].message).toContain('trusted documents');
      await adHoc.close();
      await srv.stop();
      // The server going away ends the typed client's loop with the close code.
      expect((await ended)?.message).toMatch(/closed the connection: 1001 server going away/);
    } catch (error) {
      await srv.stop().catch(() => {});
      throw error;
    }
  });
});

// LISTEN/NOTIFY exists only on PostgreSQL; on SQLite other processes' events arrive at the poll.
describe.runIf(process.env.TEST_DIALECT === 'postgresql')('subscriptions across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let orm: MikroORM;
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await testDatabase();
    await (await startServerProcess({ DATABASE_URL: database.url })).stop();
    orm = await openDatabase(database.target, { entities: ENTITIES });
  });
  afterAll(async () => {
    await orm?.close(true);
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  let token: string;
  let listener: ServerProcess;
  let writer: ServerProcess;
  let sub: Subscription;
  const createOn = async (server: ServerProcess, name: string) => {
    const answer = await post(
      server.url,
      'mutation($i: CreateTargetProjectInput!) { createTargetProject(input: $i) { targetProject { id } userErrors { code } } }',
      { i: projectInput({ ministryCode: 'MOJ', name }) },
      { authorization: `Bearer ${token}` },
    );
    expect(answer.body.data?.createTargetProject.userErrors).toEqual([]);
  };
  const heard = (name: string) =>
    waitFor(`the other process’s event ${name}`, () => sub.events.find((e) => String(e.title).includes(name)), 8_000);

  it('a write on one process reaches a subscriber on another within seconds, without waiting for its poll', async () => {
    ({ token } = await issueToken(orm.em.fork(), { role: Role.MINISTRY, ministryCode: 'MOJ', name: 'writer' }));
    // The subscriber's process polls once a minute: only the NOTIFY can wake it in time.
    [listener, writer] = await Promise.all([
      startServerProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '60000' }),
      startServerProcess({ DATABASE_URL: database.url, OUTBOX_POLL_MS: '50' }),
    ]);
    servers.push(listener, writer);
    sub = await subscribed(listener.base, listener.url, EVENTS(), { filter: { ministryCodes: ['MOJ'], types: ['SERVICE_CREATED'] } });
    await createOn(writer, '別プロセスからの対象事業');
    expect(await heard('別プロセスからの対象事業')).toMatchObject({ type: 'SERVICE_CREATED', ministryCode: 'MOJ' });
  });

  it('the LISTEN connection, cut by the database, comes back by itself', async () => {
    const terminated = await orm.em
      .getConnection()
      .execute(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'tracker subscriptions' AND datname = current_database()",
      );
    expect(terminated.length).toBe(1);
    // Written while it is down: the subscriber looks again once it listens again.
    await createOn(writer, '切断中に書かれた対象事業');
    await heard('切断中に書かれた対象事業');
    await waitFor(
      'the LISTEN connection to be back',
      async () =>
        (
          await orm.em
            .getConnection()
            .execute("SELECT 1 FROM pg_stat_activity WHERE application_name = 'tracker subscriptions' AND datname = current_database()")
        ).length === 1,
    );
    await createOn(writer, '再接続後の対象事業');
    await heard('再接続後の対象事業');
    await sub.close();
  });
});
