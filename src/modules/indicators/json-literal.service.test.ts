import { describe, expect, it } from 'vitest';
import { rawJsonMember } from './json-literal.service.js';

const PATH = ['tender', 'numberOfTenderers'];

describe('rawJsonMember', () => {
  it('returns a number as written, which JSON.parse would normalise', () => {
    expect(rawJsonMember('{"tender":{"numberOfTenderers":1}}', PATH)).toBe('1');
    expect(rawJsonMember('{"tender":{"numberOfTenderers":1.0}}', PATH)).toBe('1.0');
    expect(rawJsonMember('{ "tender" : { "numberOfTenderers" : 1e0 } }', PATH)).toBe('1e0');
  });

  it('skips strings, nested values and other members', () => {
    const text = '{"ocid":"a}\\"{","bids":{"details":[{"tender":{"numberOfTenderers":9}}]},"tender":{"title":"[x]","numberOfTenderers":2}}';
    expect(rawJsonMember(text, PATH)).toBe('2');
  });

  it('decodes escaped keys and lets the last duplicate win, as JSON.parse does', () => {
    expect(rawJsonMember('{"\\u0074ender":{"numberOfTenderers":3}}', PATH)).toBe('3');
    expect(rawJsonMember('{"tender":{"numberOfTenderers":1},"tender":{"numberOfTenderers":1.0}}', PATH)).toBe('1.0');
    expect(rawJsonMember('{"tender":{"numberOfTenderers":1},"tender":{}}', PATH)).toBeUndefined();
  });

  it('finds nothing where the path is missing or not an object', () => {
    expect(rawJsonMember('{}', PATH)).toBeUndefined();
    expect(rawJsonMember('{"tender":[1]}', PATH)).toBeUndefined();
    expect(rawJsonMember('[]', PATH)).toBeUndefined();
  });
});
