import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyTrackerSignature } from './webhook-signature.service.js';

const secret = 'whsec_test_secret';
const body = '{"id":"UHVibGljRXZlbnQ6MQ","type":"TENDER_ANNOUNCED","title":"入札公告"}';
const now = 1_780_000_000;

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in hex, as Stripe does', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, body, now)).toBe(`t=${now},v1=${expected}`);
  });

  it('verifies its own signature, and refuses another secret, an altered body or a changed time', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyTrackerSignature(secret, header, body, 300, now)).toBe(true);
    expect(verifyTrackerSignature('whsec_other', header, body, 300, now)).toBe(false);
    expect(verifyTrackerSignature(secret, header, body.replace('入札公告', '入札中止'), 300, now)).toBe(false);
    expect(verifyTrackerSignature(secret, header.replace(`t=${now}`, `t=${now + 1}`), body, 300, now)).toBe(false);
  });

  it('refuses a signature older or newer than the tolerance', () => {
    const header = signWebhook(secret, body, now);
    expect(verifyTrackerSignature(secret, header, body, 300, now + 300)).toBe(true);
    expect(verifyTrackerSignature(secret, header, body, 300, now + 301)).toBe(false);
    expect(verifyTrackerSignature(secret, header, body, 300, now - 301)).toBe(false);
  });

  it('accepts any one of several v1 values and refuses malformed headers', () => {
    const good = signWebhook(secret, body, now);
    const v1 = good.split('v1=')[1];
    expect(verifyTrackerSignature(secret, `t=${now},v1=${'0'.repeat(64)},v1=${v1}`, body, 300, now)).toBe(true);
    for (const bad of [null, '', `t=${now}`, `v1=${v1}`, `t=abc,v1=${v1}`, `t=${now},v1=${v1.slice(2)}`, `t=${now},v0=${v1}`]) {
      expect(verifyTrackerSignature(secret, bad, body, 300, now), String(bad)).toBe(false);
    }
  });
});
