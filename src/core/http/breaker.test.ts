import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { Breaker, DeadlineExceeded, DependencyUnavailable, withDeadline, type BreakerState } from './breaker.js';

/** The breaker in front of Redis (README "Dependencies"), on a clock the test moves. */
function setup(coolDownMs = 3_000, deadlineMs = 50) {
  let now = 1_000_000;
  const lines: { level: string; message: string }[] = [];
  const record = (level: string) => (_fields: unknown, message: string) => lines.push({ level, message });
  const logger = { warn: record('warn'), info: record('info'), debug: record('debug') } as unknown as Logger;
  const states: BreakerState[] = [];
  const breaker = new Breaker({
    dependency: 'redis',
    deadlineMs,
    coolDownMs,
    logger,
    fallback: 'counting in memory',
    onStateChange: (s) => states.push(s),
    now: () => now,
  });
  return { breaker, lines, states, advance: (ms: number) => (now += ms) };
}

const fail = (message: string) => () => Promise.reject(new Error(message));
const hang = () => new Promise<never>(() => {});

describe('Breaker', () => {
  it('passes calls through while closed and logs nothing', async () => {
    const { breaker, lines, states } = setup();
    expect(await breaker.call(async () => 'PONG')).toBe('PONG');
    expect(breaker.state).toBe('closed');
    expect(lines).toEqual([]);
    expect(states).toEqual([]);
  });

  it('opens on a failure, then refuses without calling until the cool-down has passed', async () => {
    const { breaker, advance } = setup();
    await expect(breaker.call(fail('Command timed out'))).rejects.toThrow('Command timed out');
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('command timed out');
    let called = 0;
    advance(2_999);
    await expect(breaker.call(async () => ++called)).rejects.toBeInstanceOf(DependencyUnavailable);
    expect(called).toBe(0);
  });

  it('gives a hung call the deadline, not forever, and opens', async () => {
    const { breaker } = setup(3_000, 30);
    const started = Date.now();
    await expect(breaker.call(hang)).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(breaker.state).toBe('open');
    expect(breaker.reason).toBe('no answer within 30 ms');
  });

  it('lets one probe through after the cool-down (others keep falling back) and closes when it answers', async () => {
    const { breaker, advance, states } = setup();
    await expect(breaker.call(fail('connect ECONNREFUSED 127.0.0.1:6399'))).rejects.toThrow();
    expect(breaker.reason).toBe('connection refused');
    advance(3_000);
    let answer!: (v: string) => void;
    const probe = breaker.call(() => new Promise<string>((r) => (answer = r)));
    expect(breaker.state).toBe('half-open');
    await expect(breaker.call(async () => 'second')).rejects.toBeInstanceOf(DependencyUnavailable);
    answer('PONG');
    expect(await probe).toBe('PONG');
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens quietly when the probe fails, and waits a whole cool-down again', async () => {
    const { breaker, advance, lines } = setup();
    await expect(breaker.call(fail('Command timed out'))).rejects.toThrow();
    advance(3_000);
    await expect(breaker.call(fail('Command timed out'))).rejects.toThrow();
    expect(breaker.state).toBe('open');
    advance(2_000);
    await expect(breaker.call(async () => 1)).rejects.toBeInstanceOf(DependencyUnavailable);
    advance(1_000);
    expect(await breaker.call(async () => 1)).toBe(1);
    // One line when it opened, one when it closed: not one per failed probe or refused call.
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(lines[0].message).toMatch(/redis unavailable \(command timed out\): counting in memory/);
    expect(lines[1].message).toMatch(/redis answers again/);
  });

  it('does not close on a late success of a call sent before it opened', async () => {
    const { breaker } = setup();
    let answer!: (v: string) => void;
    const late = breaker.call(() => new Promise<string>((r) => (answer = r)));
    breaker.failed('connection closed');
    answer('OK');
    expect(await late).toBe('OK');
    expect(breaker.state).toBe('open');
  });

  it('probeSoon skips the rest of the cool-down (the client reconnected)', async () => {
    const { breaker, advance } = setup();
    breaker.failed('connection closed');
    advance(100);
    breaker.probeSoon();
    expect(await breaker.call(async () => 'PONG')).toBe('PONG');
    expect(breaker.state).toBe('closed');
  });
});

describe('withDeadline', () => {
  it('passes a prompt answer and a prompt failure through', async () => {
    expect(await withDeadline(Promise.resolve(1), 50)).toBe(1);
    await expect(withDeadline(Promise.reject(new Error('no')), 50)).rejects.toThrow('no');
  });
});
