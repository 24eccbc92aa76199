import { describe, expect, it } from 'vitest';
import { LocalPredictor, type PredictClock } from './prediction';

const R = 100; // round length, ms
const SPEED = 0.1; // world units per ms at dx = 1 (10 per round)
const FRAME = 16;

interface Avatar {
  readonly x: number;
  readonly y: number;
}
interface Move {
  readonly dx: number;
}

const move = (e: Avatar, input: Move, dtMs: number): Avatar => ({ ...e, x: e.x + input.dx * SPEED * dtMs });

/**
 * Plays a player's rounds: at each round start an input is sent; the decided entity of round r
 * (what every peer applies: the same movement) arrives `lag(r)` rounds later. Returns the x
 * drawn at every frame.
 */
function play(o: {
  rounds: number;
  input: (round: number) => Move | undefined;
  lag: (round: number) => number;
  /** The decided entity of round r (default: the true movement of every sent input). */
  decided?: (round: number, truth: Avatar) => Avatar;
  predictor?: LocalPredictor<Avatar, Move>;
}): { drawn: number[]; truth: Avatar[]; predictor: LocalPredictor<Avatar, Move> } {
  const p = o.predictor ?? new LocalPredictor<Avatar, Move>({ predict: move, fields: ['x', 'y'] });
  const truth: Avatar[] = [];
  let e: Avatar = { x: 0, y: 5 };
  let held: Move | undefined;
  const drawn: number[] = [];
  let delivered = -1;
  p.decided(-1, e);
  for (let c = 0; c < o.rounds; c++) {
    const sent = o.input(c);
    if (sent !== undefined) {
      p.input(c, sent);
      held = sent;
    }
    if (held !== undefined) e = move(e, held, R);
    truth.push(e);
    // Deliver every decided round old enough for this round's lag.
    while (delivered < c - o.lag(c)) {
      delivered++;
      const t = truth[delivered]!;
      p.decided(delivered, o.decided ? o.decided(delivered, t) : t);
    }
    for (let now = c * R; now < (c + 1) * R; now += FRAME) {
      const clock: PredictClock = { round: c, roundStart: c * R, roundMs: R, now };
      drawn.push(p.frame(clock)!.values.x!);
    }
  }
  return { drawn, truth, predictor: p };
}

function steps(drawn: readonly number[]): number[] {
  return drawn.slice(1).map((x, i) => x - drawn[i]!);
}

describe('LocalPredictor', () => {
  it('moves the avatar at once from the sampled input, before anything is decided', () => {
    const p = new LocalPredictor<Avatar, Move>({ predict: move, fields: ['x', 'y'] });
    p.decided(0, { x: 0, y: 0 });
    p.input(1, { dx: 1 });
    expect(p.frame({ round: 1, roundStart: 100, roundMs: R, now: 150 })!.values).toEqual({ x: 5, y: 0 });
  });

  it('does not snap when the decided state lags by 3 rounds and then agrees', () => {
    const input = (c: number): Move => ({ dx: c < 20 ? 1 : c < 30 ? 0 : -1 });
    // Decided rounds come 3 rounds late, then (from round 40) as early as they can: 1 round.
    const { drawn, truth, predictor } = play({ rounds: 45, input, lag: (c) => (c < 40 ? 3 : 1) });
    // Every frame moves by what the input says for 16 ms, never more: no correction is visible.
    for (const step of steps(drawn)) expect(Math.abs(step)).toBeLessThanOrEqual(SPEED * FRAME + 1e-9);
    // And the avatar is where the decided state says: the end of round 43 plus 96 ms of round 44.
    expect(drawn.at(-1)!).toBeCloseTo(truth[43]!.x + input(44).dx * SPEED * 96, 9);
    expect(predictor.snaps).toBe(0);
  });

  it('ends at the decided position once the decided state has caught up', () => {
    const { predictor } = play({ rounds: 10, input: () => ({ dx: 1 }), lag: (c) => (c < 8 ? 3 : 1) });
    // Decided up to round 8 (x = 90), round 9 replayed (x = 100); now is the start of round 10.
    predictor.input(10, { dx: 0 });
    expect(predictor.frame({ round: 10, roundStart: 1000, roundMs: R, now: 1000 })!.values.x).toBeCloseTo(100, 9);
  });

  it('blends a disagreeing decided state in over ~150 ms instead of snapping', () => {
    // Round 10's input was lost: every decided entity from round 10 on is one round's move behind.
    const lost = (r: number, t: Avatar): Avatar => (r >= 10 ? { ...t, x: t.x - SPEED * R } : t);
    const { drawn, truth } = play({ rounds: 30, input: () => ({ dx: 1 }), lag: () => 3, decided: lost });
    const framesPerRound = Math.ceil(R / FRAME);
    // The correction of 10 units is spread over frames: no frame moves by more than the walk
    // plus 10 * 16/150 of the correction.
    const maxStep = SPEED * FRAME + (SPEED * R * FRAME) / 150 + 1e-9;
    for (const step of steps(drawn)) expect(step).toBeLessThanOrEqual(maxStep);
    for (const step of steps(drawn)) expect(step).toBeGreaterThan(-maxStep);
    // Well after the correction, the avatar is where the decided state (plus replay) puts it.
    const lastFrameTime = 29 * R + (framesPerRound - 1) * FRAME;
    const expected = truth[28]!.x - SPEED * R + SPEED * (lastFrameTime - 29 * R);
    expect(drawn.at(-1)!).toBeCloseTo(expected, 6);
  });

  it('snaps when the error is larger than snapDistance (a teleport)', () => {
    const p = new LocalPredictor<Avatar, Move>({ predict: move, fields: ['x', 'y'], snapDistance: 100 });
    p.decided(0, { x: 0, y: 0 });
    p.input(1, { dx: 1 });
    expect(p.frame({ round: 1, roundStart: 100, roundMs: R, now: 100 })!.values.x).toBe(0);
    p.decided(1, { x: 5000, y: 0 });
    expect(p.frame({ round: 2, roundStart: 200, roundMs: R, now: 200 })!.values.x).toBe(5000);
    expect(p.snaps).toBe(1);
  });

  it('holds the last input through rounds that sent none, as the room keeps the last intent', () => {
    const p = new LocalPredictor<Avatar, Move>({ predict: move, fields: ['x'] });
    p.decided(0, { x: 0, y: 0 });
    p.input(1, { dx: 1 });
    // Rounds 2 and 3 sent nothing ('change' mode): the avatar keeps walking.
    expect(p.frame({ round: 3, roundStart: 300, roundMs: R, now: 350 })!.values.x).toBeCloseTo(25, 9);
  });

  it('shows the decided entity when predict throws, and reports it', () => {
    const errors: unknown[] = [];
    const p = new LocalPredictor<Avatar, Move>({
      predict: () => {
        throw new Error('boom');
      },
      fields: ['x'],
      onError: (e) => errors.push(e),
    });
    p.decided(0, { x: 7, y: 0 });
    p.input(1, { dx: 1 });
    expect(p.frame({ round: 1, roundStart: 100, roundMs: R, now: 150 })!.values).toEqual({ x: 7 });
    expect(errors).toHaveLength(1);
  });

  it('ignores a decided entity older than the one it has', () => {
    const p = new LocalPredictor<Avatar, Move>({ predict: move, fields: ['x'] });
    p.decided(5, { x: 50, y: 0 });
    p.decided(4, { x: 40, y: 0 });
    expect(p.decidedRound).toBe(5);
    expect(p.frame({ round: 5, roundStart: 500, roundMs: R, now: 500 })!.values.x).toBe(50);
  });
});
