import { describe, expect, it } from 'vitest';
import { sharedDataVersionReader } from './data-version.js';

/** A read the test finishes by hand, counting how many were started. */
function manualReads() {
  const started: { resolve(version: string): void; reject(error: unknown): void }[] = [];
  const read = () =>
    new Promise<string>((resolve, reject) => {
      started.push({ resolve, reject });
    });
  return { started, read };
}

describe('sharedDataVersionReader', () => {
  it('gives a caller a read that started after it asked, never one already under way', async () => {
    const { started, read } = manualReads();
    const version = sharedDataVersionReader(read);
    const first = version();
    expect(started).toHaveLength(1);
    // Asked while the first read runs: a commit may have landed after that read began.
    const second = version();
    const third = version();
    expect(started).toHaveLength(1);
    started[0]!.resolve('1');
    expect(await first).toBe('1');
    // The first read's end starts one read for everyone who asked meanwhile.
    await Promise.resolve();
    expect(started).toHaveLength(2);
    started[1]!.resolve('2');
    expect(await second).toBe('2');
    expect(await third).toBe('2');
  });

  it('starts a fresh read for a caller who asks when none is running', async () => {
    const { started, read } = manualReads();
    const version = sharedDataVersionReader(read);
    const first = version();
    started[0]!.resolve('5');
    await first;
    await Promise.resolve();
    const later = version();
    expect(started).toHaveLength(2);
    started[1]!.resolve('6');
    expect(await later).toBe('6');
  });

  it("passes a failed read's error to the callers who shared it, and reads again for the next", async () => {
    const { started, read } = manualReads();
    const version = sharedDataVersionReader(read);
    const first = version();
    const failing = version();
    started[0]!.resolve('1');
    await first;
    await Promise.resolve();
    started[1]!.reject(new Error('database unavailable'));
    await expect(failing).rejects.toThrow('database unavailable');
    await Promise.resolve();
    const after = version();
    expect(started).toHaveLength(3);
    started[2]!.resolve('2');
    expect(await after).toBe('2');
  });
});
