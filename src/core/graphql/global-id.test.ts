import { describe, expect, it } from 'vitest';
import { fromGlobalId, toGlobalId } from './global-id.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('toGlobalId / fromGlobalId', () => {
  it.each([
    ['Tender', 1],
    ['TargetProject', 42],
    ['Municipality', 1969],
    ['BasicPolicy', 999_999_999_999_999],
    // Bids are numbered per round, with negative keys (modules/tender/bid-ids.service.ts).
    ['Bid', -1_517_001],
  ])('round-trips %s:%d', (typeName, id) => {
    expect(fromGlobalId(toGlobalId(typeName, id))).toEqual({ typeName, id });
  });

  it('makes ids that are URL-safe and do not show the type name in clear', () => {
    const id = toGlobalId('TargetProject', 7);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(id).not.toContain('TargetProject');
  });

  it('gives different ids to the same key of different types', () => {
    expect(toGlobalId('Tender', 1)).not.toBe(toGlobalId('Bid', 1));
  });

  it.each([
    ['the empty string', ''],
    ['plain text that is not base64url', 'not an id!'],
    ['standard base64 with padding', Buffer.from('Tender:1').toString('base64')],
    ['a base64url string that decodes to garbage', 'AAAA'],
    ['an over-long string', 'A'.repeat(201)],
  ])('rejects %s', (_label, value) => {
    expect(fromGlobalId(value)).toBeNull();
  });

  it.each([
    ['no separator', 'Tender1'],
    ['a lower-case type name', 'tender:1'],
    ['a type name with a space', 'Target Project:1'],
    ['id 0', 'Tender:0'],
    ['minus zero', 'Tender:-0'],
    ['a negative id with a leading zero', 'Bid:-01'],
    ['a leading zero', 'Tender:01'],
    ['a fractional id', 'Tender:1.5'],
    ['a non-numeric key', 'Tender:abc'],
    ['two separators', 'Tender:1:2'],
    ['a 16-digit id', 'Tender:1234567890123456'],
    ['trailing whitespace', 'Tender:1 '],
    ['an empty type name', ':1'],
  ])('rejects a well-encoded id of another shape (%s)', (_label, inner) => {
    expect(fromGlobalId(b64(inner))).toBeNull();
  });

  it('rejects a value that is not a string at all', () => {
    expect(fromGlobalId(123 as unknown as string)).toBeNull();
  });
});
