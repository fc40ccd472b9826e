import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knexOf } from '../src/core/db/orm.js';
import { createLogger } from '../src/core/logger.js';
import { revokeToken } from '../src/modules/access/token.service.js';
import { WebhookSender } from '../src/modules/notifications/webhook.sender.js';
import { verifyTrackerSignature } from '../src/modules/notifications/webhook-signature.service.js';
import { createBidder, createTender, createTenderingProject, openTender, recordBidOk, type Headers } from './support/factories.js';
import { pk } from './support/global-ids.js';
import { freePort } from './support/processes.js';
import { issueTestToken, startTestServer, type TestServer } from './support/test-server.js';

/**
 * Webhooks of saved searches (docs/notifications.md "Webhooks"), through the real server and
 * a receiver on 127.0.0.1 (allowed by WEBHOOK_ALLOWED_HOSTS): what is sent and how it is
 * signed, which events reach which search, retries, dead letters and redelivery, the seal,
 * and the URLs that are refused.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1: records every request and answers with the status its path's rule says (200 by default). */
async function startReceiver() {
  const received: Received[] = [];
  const rules = new Map<string, (n: number) => number | Promise<number>>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', async () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const n = received.filter((r) => r.path === path).length;
      res.statusCode = (await rules.get(path)?.(n)) ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    at: (path: string) => received.filter((r) => r.path === path),
    rule: (path: string, status: (n: number) => number | Promise<number>) => rules.set(path, status),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `probe` until it answers something truthy, or fails after `timeoutMs` saying what it waited for. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | false | undefined> | T | null | false | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const DELIVERY_FIELDS = `id status attempts nextAttemptAt deliveredAt lastStatusCode lastError
  event { id type } savedSearch { id } attemptLog { statusCode error durationMs attemptedAt }`;

describe('webhooks', () => {
  let srv: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: Headers;
  let owner: Headers;
  let stranger: Headers;
  let counter = 0;
  /** Where clients/examples/webhook-receiver.mjs listens in its test. */
  let examplePort: number;

  beforeAll(async () => {
    receiver = await startReceiver();
    examplePort = await freePort();
    srv = await startTestServer({
      env: {
        WEBHOOK_POLL_MS: '50',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_TIMEOUT_MS: '2000',
        WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${receiver.port},127.0.0.1:${examplePort}`,
      },
    });
    admin = (await issueTestToken(srv, { role: 'ADMIN', name: 'webhook admin' })).headers;
    owner = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ', name: 'webhook owner' })).headers;
    stranger = (await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOE', name: 'webhook stranger' })).headers;
  });
  afterAll(async () => {
    await srv?.stop();
    await receiver?.stop();
  });

  /** A saved search of `headers` for one ministry's rounds whose title has `word`, with a webhook to `path`. */
  const saveSearch = async (word: string, path: string, headers = owner, filter: Record<string, unknown> = {}) => {
    const result = await srv.gql(
      `mutation($i: CreateSavedSearchInput!) { createSavedSearch(input: $i) { savedSearch { id webhookUrl } webhookSecret userErrors { field message } } }`,
      { i: { name: `webhook ${word}`, filter: { ministryCodes: ['MOJ'], text: word, ...filter }, webhookUrl: receiver.url(path) } },
      headers,
    );
    const payload = result.data.createSavedSearch;
    expect(payload.userErrors, JSON.stringify(payload.userErrors)).toEqual([]);
    return { id: payload.savedSearch.id as string, secret: payload.webhookSecret as string };
  };
  /** A new round of a new service of `ministryCode` whose title carries `word` (its TENDER_ANNOUNCED event follows). */
  const announce = async (word: string, ministryCode = 'MOJ') => {
    const project = await createTenderingProject(srv, admin, { ministryCode });
    return createTender(srv, admin, { projectId: project.id }, { title: `${word} 施設管理業務 ${++counter}` });
  };
  const deliveriesOf = async (searchId: string, headers = owner) => {
    const result = await srv.gql(
      `query($id: ID!) { node(id: $id) { ... on SavedSearch { deliveries(first: 100) { nodes { ${DELIVERY_FIELDS} } } } } }`,
      { id: searchId },
      headers,
    );
    expect(result.errors).toBeUndefined();
    return result.data.node.deliveries.nodes as any[];
  };
  const settledDelivery = (searchId: string, status: string) =>
    waitFor(`a ${status} delivery`, async () => (await deliveriesOf(searchId)).find((d) => d.status === status));

  it('sends the public event, signed with the secret createSavedSearch answered', async () => {
    const search = await saveSearch('署名試験', '/signed');
    const round = await announce('署名試験');
    const [request] = await waitFor('the delivery', () => (receiver.at('/signed').length ? receiver.at('/signed') : null));
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      type: 'TENDER_ANNOUNCED',
      typeLabel: '入札公告',
      ministryCode: 'MOJ',
      subject: { type: 'Tender', id: round.id },
      savedSearch: { id: search.id, name: 'webhook 署名試験' },
    });
    expect(body.title).toContain('署名試験');
    expect(body.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['user-agent']).toBe('market-testing-tracker-webhooks');
    expect(request.headers['tracker-event-id']).toBe(body.id);
    expect(request.headers['tracker-delivery-id']).toBe(body.deliveryId);

    const signature = request.headers['tracker-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyTrackerSignature(search.secret, signature, request.body)).toBe(true);
    expect(verifyTrackerSignature(`${search.secret}x`, signature, request.body)).toBe(false);
    expect(verifyTrackerSignature(search.secret, signature, request.body.replace('署名試験', '署名変更'))).toBe(false);

    const delivered = await settledDelivery(search.id, 'DELIVERED');
    expect(delivered).toMatchObject({ id: body.deliveryId, attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(delivered.event).toEqual({ id: body.id, type: 'TENDER_ANNOUNCED' });
    expect(delivered.savedSearch).toEqual({ id: search.id });
    expect(delivered.attemptLog).toHaveLength(1);
    expect(delivered.attemptLog[0]).toMatchObject({ statusCode: 200, error: null });
    // The public event is the one publicEvents lists.
    const listed = await srv.gql(`query($id: ID!) { node(id: $id) { ... on PublicEvent { id title } } }`, { id: body.id });
    expect(listed.data.node).toEqual({ id: body.id, title: body.title });
  });

  it("delivers a MOJ round to a search for MOJ, and not another ministry's round", async () => {
    const search = await saveSearch('府省絞込', '/filter');
    await announce('府省絞込', 'MOE');
    await announce('府省絞込', 'MOJ');
    await srv.settle();
    // Both events are recorded; only the MOJ one is queued for this search.
    const events = await srv.sql<{ ministry_code: string }>(
      "SELECT ministry_code FROM public_event WHERE type = 'TENDER_ANNOUNCED' AND title LIKE ? ORDER BY id",
      ['%府省絞込%'],
    );
    expect(events.map((e) => e.ministry_code)).toEqual(['MOE', 'MOJ']);
    const delivered = await settledDelivery(search.id, 'DELIVERED');
    expect((await deliveriesOf(search.id)).length).toBe(1);
    const [request] = receiver.at('/filter');
    expect(receiver.at('/filter')).toHaveLength(1);
    expect(JSON.parse(request.body)).toMatchObject({ ministryCode: 'MOJ', deliveryId: delivered.id });
  });

  it('retries a failing receiver with back-off until it answers 2xx', async () => {
    receiver.rule('/flaky', (n) => (n <= 2 ? 500 : 200));
    const search = await saveSearch('再送試験', '/flaky');
    await announce('再送試験');
    const delivered = await settledDelivery(search.id, 'DELIVERED');
    expect(delivered.attempts).toBe(3);
    expect(delivered.attemptLog.map((a: any) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [500, 'HTTP 500'],
      [200, null],
    ]);
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    // The same event each time (receivers dedupe by it), the signature made afresh.
    expect(new Set(requests.map((r) => r.headers['tracker-event-id'])).size).toBe(1);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS (DEAD); redeliverWebhook sends it again, for its owner only', async () => {
    let answer = 500;
    receiver.rule('/down', () => answer);
    const search = await saveSearch('停止試験', '/down');
    await announce('停止試験');
    const dead = await settledDelivery(search.id, 'DEAD');
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null, deliveredAt: null });
    expect(dead.attemptLog).toHaveLength(3);
    expect(receiver.at('/down')).toHaveLength(3);
    // Nothing more arrives (the back-off would have brought a 4th try within 0.4 s).
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.at('/down')).toHaveLength(3);

    const redeliver = (headers: Headers) =>
      srv.gql(
        `mutation($id: ID!) { redeliverWebhook(input: { id: $id }) { delivery { id status attempts } userErrors { code field message } } }`,
        { id: dead.id },
        headers,
      );
    // Another token: as if the delivery did not exist, and nothing changes.
    const refused = await redeliver(stranger);
    expect(refused.data.redeliverWebhook.delivery).toBeNull();
    expect(refused.data.redeliverWebhook.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    const wrongId = await srv.gql(
      `mutation($id: ID!) { redeliverWebhook(input: { id: $id }) { userErrors { code message } } }`,
      { id: 'V2ViaG9va0RlbGl2ZXJ5Ojk5OTk5' },
      owner,
    );
    expect(refused.data.redeliverWebhook.userErrors[0].message.replace(dead.id, '…')).toBe(
      wrongId.data.redeliverWebhook.userErrors[0].message.replace('V2ViaG9va0RlbGl2ZXJ5Ojk5OTk5', '…'),
    );
    expect((await srv.sql('SELECT status FROM webhook_delivery WHERE id = ?', [pk(dead.id)]))[0].status).toBe('DEAD');

    answer = 200;
    const again = await redeliver(owner);
    expect(again.data.redeliverWebhook.userErrors).toEqual([]);
    expect(again.data.redeliverWebhook.delivery).toEqual({ id: dead.id, status: 'PENDING', attempts: 0 });
    const delivered = await settledDelivery(search.id, 'DELIVERED');
    expect(delivered).toMatchObject({ id: dead.id, attempts: 1, lastStatusCode: 200, lastError: null });
    expect(delivered.attemptLog.map((a: any) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(receiver.at('/down')).toHaveLength(4);

    const metrics = await (await fetch(`${srv.base}/metrics`)).text();
    for (const outcome of ['delivered', 'failed', 'dead'])
      expect(
        Number(new RegExp(`^tracker_webhook_deliveries_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(metrics)?.[1]),
      ).toBeGreaterThan(0);
    expect(metrics).toMatch(/^tracker_webhook_queue\{status="pending"\} \d+/m);
    expect(metrics).toMatch(/^tracker_webhook_oldest_pending_seconds \d/m);
  });

  it("drops the pending deliveries of a revoked token's saved search", async () => {
    const holder = await issueTestToken(srv, { role: 'MINISTRY', ministryCode: 'MOJ', name: 'webhook holder, soon revoked' });
    // The first try fails, and the token is revoked before the answer: the retry is not sent.
    receiver.rule('/revoked', async () => {
      await revokeToken(srv.orm.em.fork(), holder.id);
      return 503;
    });
    const search = await saveSearch('失効試験', '/revoked', holder.headers);
    await announce('失効試験');
    const [row] = await waitFor('the delivery to be dropped', async () => {
      const rows = await srv.sql('SELECT status, attempts, last_error FROM webhook_delivery WHERE saved_search_id = ?', [pk(search.id)]);
      return rows[0]?.status === 'DEAD' && rows;
    });
    expect(Number(row.attempts)).toBe(1);
    expect(row.last_error).toMatch(/revoked/);
    expect(receiver.at('/revoked')).toHaveLength(1);
  });

  it('sends nothing about sealed bids: recording a bid on an open round delivers nothing', async () => {
    const search = await saveSearch('封印試験', '/sealed');
    const round = await openTender(srv, admin, await announce('封印試験'));
    await srv.settle();
    // The announcement and the opening (OPEN) are public events of the round.
    await waitFor('two deliveries', async () => (await deliveriesOf(search.id)).filter((d) => d.status === 'DELIVERED').length === 2);
    const before = { events: await srv.sql('SELECT id FROM public_event'), deliveries: await srv.sql('SELECT id FROM webhook_delivery') };
    const bidder = await createBidder(srv, admin);
    await recordBidOk(srv, admin, round.id, bidder.id, 250_000_000);
    await srv.settle();
    expect((await srv.sql('SELECT id FROM webhook_delivery')).length).toBe(before.deliveries.length);
    expect((await srv.sql('SELECT id FROM public_event')).length).toBe(before.events.length);
    expect(receiver.at('/sealed')).toHaveLength(2);
    for (const request of receiver.at('/sealed')) expect(request.body).not.toContain('250000000');
  });

  it('refuses webhook URLs that reach the server, its network or plain http (SSRF)', async () => {
    const countBefore = (await srv.sql('SELECT COUNT(*) AS n FROM saved_search'))[0].n;
    for (const url of [
      'http://127.0.0.1:1/x',
      'https://169.254.169.254/latest/meta-data/',
      'https://localhost/',
      'https://[::1]/',
      'http://example.com/hook',
    ]) {
      const result = await srv.gql(
        `mutation($i: CreateSavedSearchInput!) { createSavedSearch(input: $i) { savedSearch { id } webhookSecret userErrors { code field message } } }`,
        { i: { name: 'ssrf', filter: {}, webhookUrl: url } },
        owner,
      );
      const payload = result.data.createSavedSearch;
      expect(payload.savedSearch, url).toBeNull();
      expect(payload.webhookSecret, url).toBeNull();
      expect(payload.userErrors.length, url).toBeGreaterThan(0);
      expect(
        payload.userErrors.map((e: any) => e.field?.at(-1)),
        url,
      ).toContain('webhookUrl');
    }
    expect((await srv.sql('SELECT COUNT(*) AS n FROM saved_search'))[0].n).toEqual(countBefore);
  });

  it('the example receiver (clients/examples/webhook-receiver.mjs) verifies, dedupes and prints what is sent', async () => {
    const result = await srv.gql(
      `mutation($i: CreateSavedSearchInput!) { createSavedSearch(input: $i) { savedSearch { id } webhookSecret userErrors { message } } }`,
      { i: { name: 'example receiver', filter: { text: '受信例' }, webhookUrl: `http://127.0.0.1:${examplePort}/` } },
      owner,
    );
    const { webhookSecret } = result.data.createSavedSearch;
    const child = spawn(process.execPath, ['clients/examples/webhook-receiver.mjs'], {
      env: { ...process.env, TRACKER_WEBHOOK_SECRET: webhookSecret, PORT: String(examplePort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      await waitFor('the example receiver to listen', () => output.includes('listening'));
      const round = await announce('受信例');
      await waitFor('the example receiver to print the event', () => output.includes(`TENDER_ANNOUNCED (入札公告) 【入札公告】`));
      expect(output).toContain(round.title);
      // The time is printed as Japan reads it, the offset explicit.
      expect(output).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00 TENDER_ANNOUNCED /m);
      // A request not signed with the secret is refused.
      const forged = await fetch(`http://127.0.0.1:${examplePort}/`, {
        method: 'POST',
        headers: { 'tracker-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`, 'tracker-event-id': 'x' },
        body: '{}',
      });
      expect(forged.status).toBe(401);
    } finally {
      child.kill();
    }
  });

  it('deletes delivered and dead deliveries, with their tries, after WEBHOOK_RETENTION_DAYS; pending ones stay', async () => {
    const search = await saveSearch('保持期間', '/retention');
    await announce('保持期間');
    await announce('保持期間');
    await announce('保持期間');
    await announce('保持期間');
    await waitFor('four deliveries', async () => (await deliveriesOf(search.id)).filter((d) => d.status === 'DELIVERED').length === 4);
    const ids = (
      await srv.sql<{ id: number }>('SELECT id FROM webhook_delivery WHERE saved_search_id = ? ORDER BY id', [pk(search.id)])
    ).map((r) => Number(r.id));
    const day = 86_400_000;
    const age = (id: number, status: string, days: number, next = Date.now()) =>
      srv.sql('UPDATE webhook_delivery SET status = ?, updated_at = ?, next_attempt_at_ms = ? WHERE id = ?', [
        status,
        new Date(Date.now() - days * day),
        next,
        id,
      ]);
    await age(ids[0], 'DELIVERED', 31); // old: deleted
    await age(ids[1], 'DEAD', 31); // old: deleted
    await age(ids[2], 'DELIVERED', 29); // within the retention: kept
    await age(ids[3], 'PENDING', 31, Date.now() + 3_600_000); // pending (its retry an hour away): never deleted by age
    // A sender of its own purges at its first look (the server's did at its start, before these rows were old).
    const sender = new WebhookSender({
      knex: knexOf(srv.orm),
      dialect: srv.dialect,
      settings: { allowedHosts: [], maxAttempts: 3, retryBaseMs: 100, timeoutMs: 2000, pollMs: 60_000, retentionDays: 30 },
      log: createLogger('silent'),
    });
    sender.start();
    try {
      await waitFor('the old deliveries to be deleted', async () => {
        const left = await srv.sql<{ id: number }>('SELECT id FROM webhook_delivery WHERE saved_search_id = ? ORDER BY id', [
          pk(search.id),
        ]);
        return left.length === 2 && left;
      });
    } finally {
      await sender.stop();
    }
    const left = await srv.sql<{ id: number }>('SELECT id FROM webhook_delivery WHERE saved_search_id = ? ORDER BY id', [pk(search.id)]);
    expect(left.map((r) => Number(r.id))).toEqual([ids[2], ids[3]]);
    const tries = await srv.sql<{ delivery_id: number }>(
      `SELECT delivery_id FROM webhook_attempt WHERE delivery_id IN (${ids.join(', ')}) ORDER BY delivery_id`,
    );
    expect(tries.map((t) => Number(t.delivery_id))).toEqual([ids[2], ids[3]]);
  });
});
