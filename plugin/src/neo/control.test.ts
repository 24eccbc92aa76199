import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../util/bytes';
import { adaptTiming } from './adapt';
import { DEFAULT_NEO_CONFIG, type NeoConfig } from './config';
import { applyControl, type ControlState, controlTransition, initialControl, leavesControlUnchanged } from './control';
import { controlHash, decodeControl, encodeControl } from './control-codec';
import type { Epoch } from './schedule';

const config: NeoConfig = { ...DEFAULT_NEO_CONFIG, timeoutRounds: 5, starvedRounds: 4, adaptEveryRounds: 0 };
const e0: Epoch = { epoch: 0, firstRound: 0, t0: 1000, roundMs: 50, k: 2, members: ['a', 'b', 'c', 'd', 'e'] };
const all = [true, true, true, true, true];
const none = [null, null, null, null, null];

function run(
  state: ControlState,
  rounds: { accepted?: boolean[]; plaintexts?: (typeof none)[number][] | unknown[]; quorate?: boolean }[],
  from = 0,
) {
  let s = state;
  const scheduled = [];
  for (let i = 0; i < rounds.length; i++) {
    const r = rounds[i]!;
    const out = applyControl(
      s,
      {
        round: from + i,
        accepted: r.accepted ?? all,
        plaintexts: (r.plaintexts ?? none) as never,
        quorate: r.quorate ?? true,
      },
      config,
    );
    s = out.state;
    if (out.scheduled) scheduled.push(out.scheduled);
  }
  return { state: s, scheduled };
}

describe('control state (epoch changes through the rounds)', () => {
  it('a relayed join decided in round q schedules an epoch on the grid with the joiner', () => {
    const { scheduled } = run(initialControl(e0), [{ plaintexts: [[[['j', 'f']], null], null, null, null, null] }], 10);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.epoch).toMatchObject({
      epoch: 1,
      firstRound: 32,
      members: ['a', 'b', 'c', 'd', 'e', 'f'],
      k: 2,
    });
    expect(scheduled[0]!.epoch.t0).toBe(1000 + 32 * 50);
    expect(scheduled[0]!.joined).toEqual([['f', 'a']]);
  });

  it('a leave removes its proposer; a commitment missing timeoutRounds times in a row removes a member', () => {
    expect(
      run(initialControl(e0), [{ plaintexts: [null, [[['l']], null], null, null, null] }]).scheduled[0]!.left,
    ).toEqual(['b']);
    const missing = Array.from({ length: 5 }, () => ({ accepted: [true, true, false, true, true] }));
    expect(run(initialControl(e0), missing).scheduled[0]!.left).toEqual(['c']);
  });

  it('rounds without a quorum of votes (a partition) count toward nothing', () => {
    const cut = Array.from({ length: 20 }, () => ({ accepted: [true, false, false, false, false], quorate: false }));
    expect(run(initialControl(e0), cut).scheduled).toEqual([]);
  });

  it('a group that gets no majority through doubles k', () => {
    const starved = Array.from({ length: 4 }, () => ({ accepted: [true, true, false, false, false] }));
    expect(run(initialControl(e0), starved).scheduled[0]!.epoch).toMatchObject({ k: 4, members: e0.members });
  });

  it('a ban takes a majority of votes, then removes and bars the member', () => {
    const vote = (who: number) => ({ plaintexts: none.map((_, i) => (i === who ? [[['b', 'e']], null] : null)) });
    const two = run(initialControl(e0), [vote(0), vote(1)]);
    expect(two.scheduled).toEqual([]);
    const three = run(two.state, [vote(2)], 2);
    expect(three.state.banned).toEqual(['e']);
    expect(three.scheduled[0]!.left).toEqual(['e']);
    const rejoin = run(three.state, [{ plaintexts: [[[['j', 'e']], null], null, null, null, null] }], 3);
    expect(rejoin.state.joins).toEqual([]);
  });

  const delays = new Map([
    ['a', 60],
    ['b', 70],
    ['c', 65],
    ['d', 400],
    ['e', 75],
  ]);
  const slow = new Map([...delays].map(([id, ms]) => [id, ms + 100]));

  it('with R fixed (targetK 0), adapts k to the majority-reach reports, ignoring one slow member', () => {
    const fixedR = { ...config, targetK: 0 };
    expect(adaptTiming(e0, delays, fixedR)).toEqual({ roundMs: 50, k: 2 });
    expect(adaptTiming(e0, slow, fixedR)).toEqual({ roundMs: 50, k: 4 });
    expect(adaptTiming({ ...e0, k: 4 }, delays, fixedR)).toEqual({ roundMs: 50, k: 2 });
    expect(adaptTiming(e0, new Map([['a', 10]]), fixedR)).toBeUndefined();
  });

  it('adapts R toward the target deadline of targetK rounds, and keeps a timing that is close enough', () => {
    // Nine members, the majority-th (5th) report is 70 ms: D = 80 ms with the 10 ms margin.
    const nine: Epoch = { ...e0, members: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] };
    const reports = new Map([...delays, ['f', 62], ['g', 68], ['h', 74], ['i', 500]]);
    expect(adaptTiming(nine, reports, config)).toEqual({ roundMs: 40, k: 2 });
    expect(adaptTiming(nine, reports, { ...config, targetK: 3 })).toEqual({ roundMs: 27, k: 3 });
    // 42 ms x 2 still meets 80 ms and costs 105 against 100: kept (no epoch change for 5%).
    expect(adaptTiming({ ...nine, roundMs: 42 }, reports, config)).toEqual({ roundMs: 42, k: 2 });
    // 38 ms x 2 misses the deadline: changed.
    expect(adaptTiming({ ...nine, roundMs: 38 }, reports, config)).toEqual({ roundMs: 40, k: 2 });
    // Never below minRoundMs (the bandwidth cap).
    expect(adaptTiming(nine, reports, { ...config, minRoundMs: 50 })).toEqual({ roundMs: 50, k: 2 });
    // Up to echoVotesMaxMembers members, one more round lets the next message rescue a lost
    // commitment (the 3rd of 5 reports is 70 ms: D = 80 ms again).
    expect(adaptTiming(e0, delays, config)).toEqual({ roundMs: 40, k: 3 });
    expect(adaptTiming(e0, slow, config)).toEqual({ roundMs: 90, k: 3 });
  });

  it('an unchanged round keeps the same object (its hash stays cached)', () => {
    const s = initialControl(e0);
    expect(run(s, [{}, {}]).state).toBe(s);
  });

  it('round-trips through its canonical encoding with the same hash', () => {
    const { state } = run(initialControl(e0), [
      {
        plaintexts: [
          [
            [
              ['j', 'f'],
              ['d', 80],
            ],
            null,
          ],
          null,
          null,
          null,
          null,
        ],
        accepted: [true, true, false, true, true],
      },
    ]);
    const back = decodeControl(encodeControl(state));
    expect(back.ok).toBe(true);
    if (back.ok) expect(toHex(controlHash(back.value))).toBe(toHex(controlHash(state)));
    expect(decodeControl(new Uint8Array([1, 2, 3])).ok).toBe(false);
  });

  it('the unchanged-round shortcut agrees with the full transition', () => {
    const op = fc.oneof(
      fc.constant(null),
      fc.constant([[['l']], null]),
      fc.constant([[['d', 90]], null]),
      fc.constant([[['j', 'f']], null]),
      fc.constant([[['b', 'c']], null]),
    );
    const round = fc.record({
      accepted: fc.array(
        fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        {
          minLength: 5,
          maxLength: 5,
        },
      ),
      plaintexts: fc.array(fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: op }), {
        minLength: 5,
        maxLength: 5,
      }),
      quorate: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    });
    const adapting: NeoConfig = { ...config, adaptEveryRounds: 7 };
    let shortcuts = 0;
    fc.assert(
      fc.property(fc.array(round, { maxLength: 60 }), fc.boolean(), (rounds, adapt) => {
        const cfg = adapt ? adapting : config;
        let s = initialControl(e0);
        rounds.forEach((r, q) => {
          const input = { round: q, accepted: r.accepted, plaintexts: r.plaintexts as never, quorate: r.quorate };
          const fast = applyControl(s, input, cfg);
          const full = controlTransition(s, input, cfg);
          expect(toHex(controlHash(fast.state))).toBe(toHex(controlHash(full.state)));
          expect(fast.scheduled).toEqual(full.scheduled);
          if (leavesControlUnchanged(s, input, cfg)) {
            shortcuts++;
            expect(full.state).toBe(s);
          }
          s = fast.state;
        });
      }),
      { numRuns: 300 },
    );
    expect(shortcuts).toBeGreaterThan(200);
  });
});
