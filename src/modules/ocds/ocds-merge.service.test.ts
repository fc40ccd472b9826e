import { describe, expect, it } from 'vitest';
import { compileReleases, mergeInto } from './ocds-merge.service.js';
import type { Release } from './ocds-release.service.js';
import { mergePatch } from './ocds-schema.service.js';

const release = (id: string, date: string, rest: Record<string, unknown>): Release => ({
  ocid: 'ocds-x-1',
  id,
  date,
  tag: ['tender'],
  initiationType: 'tender',
  ...rest,
});

describe('mergeInto (OCDS merging)', () => {
  it('merges objects field by field and removes a field set to null', () => {
    expect(
      mergeInto({ tender: { title: 'a', status: 'active', value: { amount: 1 } } }, { tender: { status: 'complete', value: null } }),
    ).toEqual({ tender: { title: 'a', status: 'complete' } });
  });

  it('merges arrays of objects by id, keeping items only the earlier release has', () => {
    const merged = mergeInto(
      {
        awards: [
          { id: 'a', status: 'pending' },
          { id: 'b', status: 'active' },
        ],
      },
      { awards: [{ id: 'a', status: 'active' }, { id: 'c' }] },
    );
    expect(merged).toEqual({ awards: [{ id: 'a', status: 'active' }, { id: 'b', status: 'active' }, { id: 'c' }] });
  });

  it('replaces arrays of plain values whole', () => {
    expect(mergeInto({ parties: [{ id: 'p', roles: ['tenderer', 'supplier'] }] }, { parties: [{ id: 'p', roles: ['supplier'] }] })).toEqual(
      { parties: [{ id: 'p', roles: ['supplier'] }] },
    );
  });
});

describe('compileReleases', () => {
  it('merges oldest first whatever the order given, tags the result compiled and dates it by the latest release', () => {
    const later = release('r2', '2024-02-01T00:00:00+09:00', { tender: { id: 't', status: 'complete' } });
    const earlier = release('r1', '2024-01-01T00:00:00+09:00', { tender: { id: 't', status: 'active', title: 'x' } });
    const compiled = compileReleases([later, earlier]);
    expect(compiled.tender).toEqual({ id: 't', status: 'complete', title: 'x' });
    expect(compiled.tag).toEqual(['compiled']);
    expect(compiled.date).toBe('2024-02-01T00:00:00+09:00');
    expect(compiled.id).toBe('ocds-x-1-2024-02-01T00:00:00+09:00');
  });

  it('orders by instant, not by text, across offsets', () => {
    // 09:00 JST is 00:00 UTC: the UTC release at 01:00 is the later one.
    const jst = release('a', '2024-01-01T09:30:00+09:00', { tender: { id: 't', status: 'active' } });
    const utc = release('b', '2024-01-01T01:00:00.000Z', { tender: { id: 't', status: 'complete' } });
    expect((compileReleases([utc, jst]).tender as { status: string }).status).toBe('complete');
  });
});

describe('mergePatch (RFC 7386, how an extension patches the release schema)', () => {
  it('adds, replaces and deletes', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 4 }, e: [2], f: 'new' })).toEqual({
      a: 1,
      b: { d: 3, x: 4 },
      e: [2],
      f: 'new',
    });
  });

  it('leaves the target untouched', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});
