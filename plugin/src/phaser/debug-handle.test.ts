import { describe, expect, it } from 'vitest';
import type { ZoneInfo } from '../zone';
import { buildDebugSnapshot, type DebugSource, DecidedHistory, installDebugHandle } from './debug-handle';

function source(over: Partial<DebugSource> = {}): DebugSource & { round: number } {
  const history = new DecidedHistory();
  history.record(7, { a: { x: 1, y: 2 } });
  const state = {
    round: 10,
    playerId: () => 'me',
    name: () => 'Alice',
    phase: () => 'joined',
    progress: () => ['keys', 'registration'],
    error: () => undefined,
    status: () => 'joined',
    info: (): ZoneInfo => ({
      zone: 'town',
      cell: 'r',
      groupId: 'g',
      members: [{ id: 'me', leader: true, rttMs: undefined }],
      leader: 'me',
      round: state.round,
      appliedRound: 7,
      confirmedRound: 6,
      epoch: 1,
      roundMs: 50,
      k: 2,
      loss: 0,
      cells: [],
      interest: undefined,
      observedCells: ['c0_0'],
      counters: { dropped: 1 },
    }),
    entities: () => ({ a: { x: 1, y: 2 } }),
    positionsAt: (r: number) => history.at(r),
    decidedRounds: () => history.rounds(),
    items: () => [{ id: 'i1', kind: 'gem', x: 3, y: 4, by: 'me', droppedAt: 0, decaysAt: 1, cell: 'c0_0' }],
    peers: () => [{ id: 'b', name: 'Bob', verified: true, connected: true, certSource: 'dht' as const, banned: false }],
    counters: () => ({ session: { hellos: 2 }, zone: { dropped: 1 }, plugin: {} }),
    overlayVisible: () => false,
    crypto: () => ({ signatures: 'webcrypto', hash: 'wasm' }),
    ...over,
  };
  return state;
}

describe('debug handle', () => {
  it('is a fresh plain snapshot per read, frozen all the way down', () => {
    const target: Record<string, unknown> = {};
    const src = source();
    installDebugHandle(target, src);
    const first = target.__p2p as ReturnType<typeof buildDebugSnapshot>;
    expect(first.round).toBe(10);
    src.round = 11;
    expect((target.__p2p as typeof first).round).toBe(11);
    expect(first.round).toBe(10);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.members[0])).toBe(true);
    expect(Object.isFrozen(first.entities.a)).toBe(true);
    expect(() => {
      (first as { round: number }).round = 99;
    }).toThrow();
    expect(() => {
      target.__p2p = 'replaced';
    }).toThrow();
  });

  it('serialises whole (what page.evaluate returns), with null for absent values', () => {
    const snap = buildDebugSnapshot(
      source({ info: () => undefined, playerId: () => undefined, crypto: () => undefined }),
    );
    const json = JSON.parse(JSON.stringify(snap));
    expect(json).toMatchObject({
      playerId: null,
      name: 'Alice',
      phase: 'joined',
      zone: null,
      round: null,
      members: [],
      progress: ['keys', 'registration'],
      entities: { a: { x: 1, y: 2 } },
      items: [{ id: 'i1', kind: 'gem', x: 3, y: 4, by: 'me', cell: 'c0_0' }],
      peers: [
        { id: 'b', name: 'Bob', verified: true, connected: true, certSource: 'dht', dhtName: null, banned: false },
      ],
      counters: { session: { hellos: 2 }, zone: { dropped: 1 }, plugin: {} },
      overlayVisible: false,
      error: null,
      crypto: null,
    });
    expect(buildDebugSnapshot(source()).crypto).toEqual({ signatures: 'webcrypto', hash: 'wasm' });
  });

  it('reports the error and the decided positions at a kept round', () => {
    const snap = buildDebugSnapshot(
      source({
        phase: () => 'error',
        error: () => ({ code: 'banned', message: 'This player is banned.', failed: 'session' }),
      }),
    );
    expect(snap.error).toEqual({ code: 'banned', message: 'This player is banned.', failed: 'session' });
    expect(snap.positionsAt(7)).toEqual({ a: { x: 1, y: 2 } });
    expect(snap.positionsAt(8)).toBeNull();
    expect(snap.decidedRounds).toEqual([7]);
  });

  it('is removed by its uninstaller, and only if it is still the one installed', () => {
    const target: Record<string, unknown> = {};
    const off1 = installDebugHandle(target, source());
    const off2 = installDebugHandle(target, source({ name: () => 'Bob' }));
    off1();
    expect((target.__p2p as { name: string }).name).toBe('Bob');
    off2();
    expect('__p2p' in target).toBe(false);
  });
});

describe('DecidedHistory', () => {
  it('keeps the last 64 rounds and merges positions recorded for the same round', () => {
    const h = new DecidedHistory(64);
    for (let r = 1; r <= 100; r++) h.record(r, { a: { x: r } });
    h.record(100, { b: { x: 0 } });
    expect(h.rounds()).toHaveLength(64);
    expect(h.at(36)).toBeUndefined();
    expect(h.at(37)).toEqual({ a: { x: 37 } });
    expect(h.at(100)).toEqual({ a: { x: 100 }, b: { x: 0 } });
  });
});

describe('debug handle with quadtree groups', () => {
  it('shows the leaf, the observed leaves and the round messages per peer as plain frozen data', () => {
    const base = source();
    const rect = { x: 0, y: 0, width: 2048, height: 2048 };
    const groups = {
      leaves: [{ name: 'r0', rect }],
      cell: 'r0',
      cellRect: rect,
      groupId: 'g',
      leader: undefined,
      observed: [
        { cell: 'r1', groupId: 'h', rect, members: ['b'], feeder: undefined, appliedRound: 5, checkedRound: -1 },
      ],
      roundMessagesFrom: { b: 3 },
      errors: [],
    };
    const snap = buildDebugSnapshot({ ...base, info: () => ({ ...base.info()!, groups }) as ZoneInfo });
    expect(snap.groups).toEqual({
      cell: 'r0',
      cellRect: rect,
      groupId: 'g',
      leader: null,
      leaves: [{ name: 'r0', rect }],
      observed: [{ cell: 'r1', groupId: 'h', rect, members: ['b'], feeder: null, appliedRound: 5, checkedRound: -1 }],
      roundMessagesFrom: { b: 3 },
      errors: [],
    });
    expect(Object.isFrozen(snap.groups!.roundMessagesFrom)).toBe(true);
    expect(snap.observed).toEqual(['c0_0']);
    expect(buildDebugSnapshot(base).groups).toBeNull();
  });
});
