import { describe, expect, it } from 'vitest';
import { SyncedClock } from './sync-clock';
import { VirtualClock } from './virtual-clock';

describe('SyncedClock', () => {
  it('reads the base clock until synced, then steps to the first target', () => {
    const base = new VirtualClock(1000);
    const clock = new SyncedClock(base);
    expect(clock.synced).toBe(false);
    expect(clock.now()).toBe(1000);
    clock.setTarget(-300);
    expect(clock.synced).toBe(true);
    expect(clock.now()).toBe(700);
  });

  it('slews later changes at the max rate and never goes backwards', () => {
    const base = new VirtualClock(0);
    const clock = new SyncedClock(base, { maxSlewRate: 0.05 });
    clock.setTarget(0);
    clock.setTarget(-100);
    let last = clock.now();
    for (let i = 0; i < 300; i++) {
      base.advance(10);
      const now = clock.now();
      // While slewing back, synced time still runs at 0.95x.
      expect(now - last).toBeGreaterThanOrEqual(9.5 - 1e-9);
      last = now;
    }
    expect(clock.offset()).toBe(-100);
    expect(clock.now()).toBe(base.now() - 100);
  });

  it('slews small forward errors and steps large ones', () => {
    const base = new VirtualClock(0);
    const clock = new SyncedClock(base, { maxSlewRate: 0.1, stepForwardMs: 500 });
    clock.setTarget(0);
    clock.setTarget(100);
    expect(clock.offset()).toBe(0);
    base.advance(500);
    expect(clock.offset()).toBe(50);
    base.advance(500);
    expect(clock.offset()).toBe(100);
    clock.setTarget(5000);
    expect(clock.offset()).toBe(5000);
  });

  it('stays monotonic when the base clock steps back', () => {
    const base = { t: 1000, now: () => base.t, setTimeout: () => 0, clearTimeout: () => {} };
    const clock = new SyncedClock(base);
    clock.setTarget(0);
    expect(clock.now()).toBe(1000);
    base.t = 400;
    expect(clock.now()).toBe(1000);
    base.t = 1200;
    expect(clock.now()).toBe(1200);
  });

  it('fires timers when the synced time reaches the deadline, while slewing either way', () => {
    for (const target of [-200, 200]) {
      const base = new VirtualClock(0);
      const clock = new SyncedClock(base, { maxSlewRate: 0.05 });
      clock.setTarget(0);
      clock.setTarget(target);
      const fired: number[] = [];
      for (const ms of [100, 1000, 10_000]) clock.setTimeout(() => fired.push(clock.now()), ms);
      base.runAll();
      expect(fired).toHaveLength(3);
      for (const [i, at] of fired.entries()) expect(at).toBeCloseTo([100, 1000, 10_000][i]!, 6);
    }
  });

  it('re-arms timers when the target changes, and clears them', () => {
    const base = new VirtualClock(0);
    const clock = new SyncedClock(base, { maxSlewRate: 0.05, stepForwardMs: 100 });
    clock.setTarget(0);
    let fired = -1;
    clock.setTimeout(() => {
      fired = clock.now();
    }, 1000);
    const cleared = clock.setTimeout(() => {
      throw new Error('cleared timer fired');
    }, 500);
    clock.clearTimeout(cleared);
    base.advance(200);
    clock.setTarget(600); // a forward step: the deadline comes 600 ms early in base time
    base.advance(199);
    expect(fired).toBe(-1);
    base.advance(2);
    expect(fired).toBeCloseTo(1000, 6);
    expect(base.pending).toBe(0);
  });

  it('rejects a bad slew rate', () => {
    expect(() => new SyncedClock(new VirtualClock(), { maxSlewRate: 0 })).toThrow(/`maxSlewRate`/);
    expect(() => new SyncedClock(new VirtualClock(), { maxSlewRate: 0.9 })).toThrow(/`maxSlewRate`/);
  });
});
