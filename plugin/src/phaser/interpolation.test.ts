import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlayoutClock, readFields, SampleBuffer } from './interpolation';

const R = 100; // round length, ms
const LAG = 400; // decision lag: a round stamped t arrives at t + LAG

describe('SampleBuffer', () => {
  it('draws an entity moved between two rounds at the interpolated point', () => {
    const b = new SampleBuffer(['x', 'y']);
    b.push(1000, { x: 0, y: 10 });
    b.push(1100, { x: 40, y: 10 });
    expect(b.sample(1025)).toEqual({ x: 10, y: 10 });
    expect(b.sample(1050)).toEqual({ x: 20, y: 10 });
  });

  it('holds the newest values when the render time runs past them (no extrapolation)', () => {
    const b = new SampleBuffer(['x']);
    b.push(0, { x: 0 });
    b.push(100, { x: 10 });
    expect(b.sample(250)).toEqual({ x: 10 });
    expect(b.sample(-50)).toEqual({ x: 0 });
  });

  it('drops a sample older than the newest, so a stale round cannot pull the entity back', () => {
    const b = new SampleBuffer(['x']);
    b.push(0, { x: 0 });
    b.push(200, { x: 20 });
    expect(b.push(100, { x: -500 })).toBe('dropped');
    expect(b.sample(150)).toEqual({ x: 15 });
  });

  it('replaces the newest sample when the same round comes again', () => {
    const b = new SampleBuffer(['x']);
    b.push(0, { x: 0 });
    b.push(100, { x: 10 });
    expect(b.push(100, { x: 12 })).toBe('replaced');
    expect(b.newest()).toEqual({ time: 100, values: { x: 12 } });
  });

  it('refuses non-finite values and keeps a bounded history', () => {
    const b = new SampleBuffer(['x'], 4);
    expect(b.push(0, { x: Number.NaN })).toBe('dropped');
    for (let i = 0; i < 10; i++) b.push(i * 100, { x: i });
    expect(b.size).toBe(4);
    expect(b.sample(0)).toEqual({ x: 6 });
  });
});

describe('readFields', () => {
  it('reads finite numeric fields, and nothing when one is missing or not a number', () => {
    expect(readFields({ x: 1, y: 2, name: 'a' }, ['x', 'y'])).toEqual({ x: 1, y: 2 });
    expect(readFields({ x: 1 }, ['x', 'y'])).toBeUndefined();
    expect(readFields({ x: 1, y: '2' }, ['x', 'y'])).toBeUndefined();
    expect(readFields(null, ['x'])).toBeUndefined();
  });
});

describe('PlayoutClock', () => {
  it('renders about two rounds behind the newest decided round', () => {
    const clock = new PlayoutClock({ delayMs: 2 * R });
    const b = new SampleBuffer(['x']);
    expect(clock.renderTime(0)).toBeUndefined();
    // Rounds 0..9 stamped r*R, each arriving LAG later; the entity walks 1 unit per ms.
    for (let r = 0; r < 10; r++) {
      b.push(r * R, { x: r * R });
      clock.observe(r * R, r * R + LAG);
    }
    // Local time just after round 9 arrived: render time = now - LAG - 2R.
    const now = 9 * R + LAG + 30;
    const t = clock.renderTime(now)!;
    expect(t).toBe(7 * R + 30);
    expect(b.sample(t)).toEqual({ x: 730 });
  });

  it('does not make an entity jump backwards when a round arrives late', () => {
    // No smoothing: the late round's lag is taken whole, the worst case for the render time.
    const clock = new PlayoutClock({ delayMs: 2 * R, smoothing: 1 });
    const b = new SampleBuffer(['x']);
    const deliver = (r: number, arrival: number): void => {
      b.push(r * R, { x: r * 10 });
      clock.observe(r * R, arrival);
    };
    for (let r = 0; r < 6; r++) deliver(r, r * R + LAG);
    const drawn: number[] = [];
    let now = 5 * R + LAG;
    // Round 6 is 5 rounds late: frames go on meanwhile, holding the entity at round 5's point.
    for (; now < 11 * R + LAG; now += 16) drawn.push(b.sample(clock.renderTime(now)!)!.x!);
    // When it comes, the measured lag jumps, which would move the render time back.
    deliver(6, now);
    for (let r = 7; r < 12; r++) {
      // Then the rounds after it, in a quick burst, with frames drawn in between.
      for (let i = 0; i < 3; i++, now += 16) drawn.push(b.sample(clock.renderTime(now)!)!.x!);
      deliver(r, now);
    }
    for (let i = 0; i < 60; i++, now += 16) drawn.push(b.sample(clock.renderTime(now)!)!.x!);
    for (let i = 1; i < drawn.length; i++) expect(drawn[i]!).toBeGreaterThanOrEqual(drawn[i - 1]!);
    expect(drawn.at(-1)!).toBeGreaterThan(drawn[0]!);
  });

  it('never draws an entity walking forward further back than before, whatever the arrival jitter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 * R }), { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 5, maxLength: 80 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (jitters, frameSteps, smoothing) => {
          const clock = new PlayoutClock({ delayMs: 2 * R, smoothing });
          const b = new SampleBuffer(['x']);
          // Round r arrives at r*R + LAG + jitter, but never before the previous round (in order).
          const arrivals: number[] = [];
          jitters.forEach((j, r) => {
            arrivals.push(Math.max(r * R + LAG + j, arrivals[r - 1] ?? 0));
          });
          let next = 0;
          let now = 0;
          let last = Number.NEGATIVE_INFINITY;
          for (const step of frameSteps) {
            now += step * 5;
            while (next < arrivals.length && arrivals[next]! <= now) {
              b.push(next * R, { x: next * 3 });
              clock.observe(next * R, arrivals[next]!);
              next++;
            }
            const t = clock.renderTime(now);
            if (t === undefined) continue;
            const x = b.sample(t)!.x!;
            if (x < last) return false;
            last = x;
          }
          return true;
        },
      ),
    );
  });

  it('starts a new timeline after reset (a new zone)', () => {
    const clock = new PlayoutClock({ delayMs: 0 });
    clock.observe(1000, 1500);
    expect(clock.renderTime(2000)).toBe(1500);
    clock.reset();
    expect(clock.renderTime(2000)).toBeUndefined();
    clock.observe(10, 60);
    expect(clock.renderTime(100)).toBe(50);
  });
});
