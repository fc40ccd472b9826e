import { describe, expect, it } from 'vitest';
import { PollLoop } from './poll-loop.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PollLoop', () => {
  it('runs a turn when started, one more after kicks during a turn, and one each poll', async () => {
    let turns = 0;
    let release!: () => void;
    const loop = new PollLoop(async () => {
      turns += 1;
      if (turns === 1) await new Promise<void>((r) => (release = r));
    }, 60);
    loop.start();
    expect(turns).toBe(1);
    // Three kicks while the first turn runs make one more turn, right after it.
    loop.kick();
    loop.kick();
    loop.kick();
    release();
    await tick(10);
    expect(turns).toBe(2);
    // Then the poll.
    await tick(90);
    expect(turns).toBe(3);
    loop.stop();
    await tick(150);
    expect(turns).toBe(3);
    expect(loop.isStopped).toBe(true);
    loop.kick();
    expect(turns).toBe(3);
  });

  it('tells the turn under way', async () => {
    let release!: () => void;
    const loop = new PollLoop(() => new Promise<void>((r) => (release = r)), 10_000);
    expect(loop.current).toBeNull();
    loop.start();
    const current = loop.current;
    expect(current).not.toBeNull();
    release();
    await current;
    expect(loop.current).toBeNull();
    loop.stop();
  });
});
