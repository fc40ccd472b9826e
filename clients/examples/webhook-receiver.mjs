#!/usr/bin/env node
/**
 * A webhook receiver for the market testing tracker (docs/notifications.md "Webhooks"): checks
 * each delivery's Tracker-Signature with the secret createSavedSearch answered, drops the
 * events it has already seen (a delivery may arrive more than once: dedupe by
 * Tracker-Event-Id), and prints each event.
 *
 *   TRACKER_WEBHOOK_SECRET=whsec_… PORT=8787 node clients/examples/webhook-receiver.mjs
 *
 * The tracker reaches it at http://127.0.0.1:8787/ when WEBHOOK_ALLOWED_HOSTS=127.0.0.1:8787;
 * anywhere else it must be HTTPS. A real receiver keeps the ids it has seen in its database,
 * in the transaction that acts on the event, not in memory.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.TRACKER_WEBHOOK_SECRET;
if (!secret) {
  console.error('set TRACKER_WEBHOOK_SECRET to the webhookSecret createSavedSearch answered (whsec_…)');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 8787);
const TOLERANCE_SECONDS = 300;

/** Tracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>. */
function verify(header, body) {
  const parts = Object.fromEntries(
    String(header ?? '')
      .split(',')
      .map((p) => p.trim().split('=', 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(Buffer.from(parts.v1, 'hex'), expected);
}

/** An instant as Japan reads it, e.g. 2026-12-04T05:19:14+09:00 (as clients/lib/table.ts japanTime). */
const japanTime = (iso) => `${new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

const seen = new Set();

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    // Verify the raw bytes as received: parsing and re-serialising the JSON would change them.
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || !verify(req.headers['tracker-signature'], body)) {
      res.writeHead(401).end('bad signature');
      return;
    }
    const eventId = req.headers['tracker-event-id'];
    // Answer 2xx for a duplicate too: otherwise the tracker would keep retrying it.
    if (seen.has(eventId)) {
      res.writeHead(200).end('duplicate');
      return;
    }
    seen.add(eventId);
    const event = JSON.parse(body);
    console.log(`${japanTime(event.occurredAt)} ${event.type} (${event.typeLabel}) ${event.title}  [${event.savedSearch.name}]`);
    res.writeHead(204).end();
  });
}).listen(port, () => console.log(`listening on http://127.0.0.1:${port}/ (Ctrl-C to stop)`));
