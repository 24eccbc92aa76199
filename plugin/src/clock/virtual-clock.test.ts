import { describe, expect, it } from 'vitest';
import { sleep } from './clock';
import { VirtualClock } from './virtual-clock';

describe('VirtualClock', () => {
  it('fires timers in time order, ties in creation order', () => {
    const clock = new VirtualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    clock.setTimeout(() => fired.push('c'), 20);
    clock.advance(15);
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(115);
    clock.advance(5);
    expect(fired).toEqual(['a', 'b', 'c']);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => at.push(clock.now()), 5), 5);
    clock.advance(10);
    expect(at).toEqual([10]);
  });

  it('ignores cancelling a timer that already fired, and pending stays exact', () => {
    const clock = new VirtualClock();
    const h = clock.setTimeout(() => {}, 1);
    clock.advance(1);
    clock.clearTimeout(h);
    expect(clock.pending).toBe(0);
    const h2 = clock.setTimeout(() => {}, 5);
    clock.clearTimeout(h2);
    clock.clearTimeout(h2);
    expect(clock.pending).toBe(0);
    expect(clock.runAll()).toBe(0);
  });

  it('sleep resolves on advance and rejects on abort', async () => {
    const clock = new VirtualClock();
    const done = sleep(clock, 50);
    await clock.tick(50);
    await expect(done).resolves.toBeUndefined();
    const ac = new AbortController();
    const aborted = sleep(clock, 50, ac.signal);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });
});
