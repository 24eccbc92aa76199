import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rootSquare } from './geometry';
import {
  checkSizeRule,
  DEFAULT_SIZE_RULE,
  type GroupSizeRule,
  leafWithHysteresis,
  NO_WATCH,
  type SizeAction,
  type SizeObservation,
  watchSize,
} from './hysteresis';
import { QuadTree } from './tree';

const rule: GroupSizeRule = DEFAULT_SIZE_RULE;

function run(observations: readonly SizeObservation[], r = rule): SizeAction[] {
  let w = NO_WATCH;
  return observations.map((o) => {
    const next = watchSize(w, o, r);
    w = next.watch;
    return next.action;
  });
}

const series = fc.array(
  fc.record({
    dt: fc.integer({ min: 1, max: 400 }),
    size: fc.integer({ min: 0, max: 30 }),
    siblings: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  }),
  { maxLength: 80 },
);

function timed(s: readonly { dt: number; size: number; siblings: number | undefined }[]): SizeObservation[] {
  let t = 0;
  return s.map(({ dt, size, siblings }) => {
    t += dt;
    return { time: t, size, siblingsTotal: siblings === undefined ? undefined : Math.max(size, siblings) };
  });
}

describe('group size hysteresis', () => {
  it('splits only above maxGroup held for holdMs without a break; merges only below minGroup held as long', () => {
    fc.assert(
      fc.property(series, (s) => {
        const obs = timed(s);
        const actions = run(obs);
        actions.forEach((a, i) => {
          const o = obs[i]!;
          if (a === 'split') {
            expect(o.size).toBeGreaterThan(rule.maxGroup);
            // Every observation in the last holdMs was above maxGroup too.
            const since = obs.filter((x) => x.time >= o.time - rule.holdMs && x.time <= o.time);
            expect(since.every((x) => x.size > rule.maxGroup)).toBe(true);
          }
          if (a === 'merge') {
            expect(o.siblingsTotal).toBeLessThan(rule.minGroup);
            const since = obs.filter((x) => x.time >= o.time - rule.holdMs && x.time <= o.time);
            expect(since.every((x) => x.siblingsTotal !== undefined && x.siblingsTotal < rule.minGroup)).toBe(true);
          }
        });
      }),
    );
  });

  it('a crowd held above maxGroup splits after exactly holdMs; one dip below restarts the clock', () => {
    const obs: SizeObservation[] = [];
    for (let t = 0; t <= 4000; t += 50) obs.push({ time: t, size: t === 1000 ? 16 : 17 });
    const actions = run(obs);
    const first = obs[actions.indexOf('split')]!;
    expect(first.time).toBe(1050 + rule.holdMs);
  });

  it('the four children of a split hold more than minGroup together: no merge right after a split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 17 }), { minLength: 4, maxLength: 4 }), (parts) => {
        const total = parts.reduce((a, b) => a + b, 0);
        fc.pre(total > rule.maxGroup);
        const acts = run(
          Array.from({ length: 100 }, (_, i) => ({ time: i * 50, size: parts[0]!, siblingsTotal: total })),
        );
        expect(acts).not.toContain('merge');
      }),
    );
  });

  it('checks its numbers', () => {
    expect(() => checkSizeRule({ ...rule, minGroup: 20 })).toThrow(/minGroup/);
    expect(() => checkSizeRule({ ...rule, maxGroup: 1 })).toThrow(/maxGroup/);
    expect(() => checkSizeRule({ ...rule, holdMs: -1 })).toThrow(/holdMs/);
    expect(checkSizeRule(rule)).toBe(rule);
  });
});

describe('border hysteresis', () => {
  const tree = new QuadTree(rootSquare({ x: 0, y: 0, width: 2048, height: 2048 }));
  tree.split('r');
  const margin = 32;

  it('a player walking along a cell border (within the margin) never switches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -margin + 0.01, max: margin - 0.01, noNaN: true }), { minLength: 2, maxLength: 200 }),
        fc.double({ min: 0, max: 2047, noNaN: true }),
        (offsets, y) => {
          let leaf: string | undefined;
          let switches = 0;
          for (const dx of offsets) {
            const next = leafWithHysteresis(tree, leaf, { x: 1024 + dx, y }, margin);
            if (leaf !== undefined && next !== leaf) switches++;
            leaf = next;
          }
          expect(switches).toBe(0);
        },
      ),
    );
  });

  it('switches once the avatar is more than the margin inside the other cell, and back only as far the other way', () => {
    let leaf = leafWithHysteresis(tree, undefined, { x: 1000, y: 10 }, margin);
    expect(leaf).toBe('r0');
    leaf = leafWithHysteresis(tree, leaf, { x: 1024 + margin - 1, y: 10 }, margin);
    expect(leaf).toBe('r0');
    leaf = leafWithHysteresis(tree, leaf, { x: 1024 + margin + 1, y: 10 }, margin);
    expect(leaf).toBe('r1');
    leaf = leafWithHysteresis(tree, leaf, { x: 1024 - margin + 1, y: 10 }, margin);
    expect(leaf).toBe('r1');
    leaf = leafWithHysteresis(tree, leaf, { x: 1024 - margin - 1, y: 10 }, margin);
    expect(leaf).toBe('r0');
  });

  it('a leaf that was split or merged away is replaced by the leaf holding the avatar', () => {
    const t = tree.clone();
    t.split('r0');
    expect(leafWithHysteresis(t, 'r0', { x: 600, y: 10 }, margin)).toBe('r01');
    t.merge('r');
    expect(leafWithHysteresis(t, 'r01', { x: 600, y: 10 }, margin)).toBe('r');
  });
});
