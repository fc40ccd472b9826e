import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The webhook signature (docs/notifications.md "Verifying a delivery"), Stripe's scheme:
 * `Tracker-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The
 * time is signed with the body, so a captured request cannot be replayed after the tolerance.
 */
export const SIGNATURE_HEADER = 'tracker-signature';

/** The hex HMAC-SHA256 of `<t>.<body>` under `secret` (the whole `whsec_…` string is the key). */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `Tracker-Signature` value for `body` sent at `nowSeconds`. */
export function signWebhook(secret: string, body: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return `t=${nowSeconds},v1=${signatureOf(secret, nowSeconds, body)}`;
}

/**
 * Whether `header` signs `body` with `secret`, within `toleranceSeconds` of `nowSeconds`
 * (either way: clocks drift). Several `v1=` values are accepted (any one matching), so a
 * receiver may be handed two while a secret is rotated. Compared in constant time.
 */
export function verifyTrackerSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value ?? '')) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || !signatures.length) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
