import { describe, expect, it } from 'vitest';
import { changeRound, resolveConfig } from '../neo/config';
import { cellRoom } from './cell-room';
import type { CellParams } from './cell-state';
import { rootSquare } from './geometry';
import { DEFAULT_SIZE_RULE } from './hysteresis';
import { CellDriver } from './testing/cell-driver';

const config = (() => {
  const c = resolveConfig({});
  if (!c.ok) throw new Error('config');
  return c.value;
})();

function params(cell = 'r', over: Partial<CellParams> = {}): CellParams {
  const bounds = { x: 0, y: 0, width: 2048, height: 2048 };
  return {
    gameId: 'g',
    zone: 'town',
    cell,
    root: rootSquare(bounds),
    bounds,
    rule: DEFAULT_SIZE_RULE,
    maxSpeed: 200,
    changeRound: (q) => changeRound(config, config.maxK, q),
    ...over,
  };
}

/** The member whose leader reports the cell room takes (a report by anyone else is ignored). */
function leaderOf(d: CellDriver): string {
  return d.members.find((m) => {
    const probe = new CellDriver(d.def, d.members);
    probe.step({ [m]: [['sib', { total: 4, coordinator: 'r2' }]] });
    return probe.state.siblings !== null;
  })!;
}

/** The leader reports the four siblings below minGroup with r2 coordinating, until the group relocates into the parent. */
function relocateIntoParent(d: CellDriver, leader: string): void {
  for (let i = 0; i < 60 && d.state.relocate === null; i++) {
    d.step({ [leader]: [['sib', { total: 4, coordinator: 'r2' }]] });
  }
  expect(d.state.relocate).toMatchObject({ to: 'r' });
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);

describe('cell room: entities', () => {
  it('spawn puts the entity inside the cell; moves are speed-limited; a frozen entity does not move', () => {
    const d = new CellDriver(cellRoom(params('r1')), ['a', 'b']);
    d.step({ a: [['spawn', { x: 10, y: 10 }]] });
    // r1 is the top-right quarter: x in [1024, 2048).
    expect(d.state.entities.a).toMatchObject({ x: 1024, y: 10, hop: 0, frozen: false });
    d.step({ a: [['pos', { x: 2000, y: 10 }]] });
    // 200 units/s over one 50 ms round (+1 unit of slack).
    expect(d.state.entities.a!.x).toBeCloseTo(1035, 5);
    d.step({ a: [['out', { to: 'r0' }]] });
    const x = d.state.entities.a!.x;
    d.step({ a: [['pos', { x: 1500, y: 10 }]] });
    expect(d.state.entities.a).toMatchObject({ x, frozen: true });
    expect(d.state.outgoing.a).toMatchObject({ to: 'r0', hop: 0, members: ['a', 'b'] });
    d.step({ a: [['back', {}]] });
    expect(d.state.outgoing.a).toBeUndefined();
    expect(d.state.entities.a!.frozen).toBe(false);
    // A member that leaves takes its entity with it.
    d.step({}, { left: ['a'] });
    expect(d.state.entities.a).toBeUndefined();
  });

  it('an arriving entity is adopted (one hop further) once a majority checked it, and never twice', () => {
    const d = new CellDriver(cellRoom(params('r')), ['a', 'b', 'c']);
    const claim = {
      from: 'r0',
      gid: 'x.1',
      hop: 4,
      x: 7,
      y: 9,
      data: new Uint8Array([1]),
      time: 5,
      members: ['q', 'z'],
      sigs: [[0, new Uint8Array(64)] as [number, Uint8Array]],
    };
    d.step({}, { joined: ['z'] });
    d.step({ z: [['in', claim]] });
    expect(d.state.arrivals.z).toBeDefined();
    d.step({ a: [['ack', { p: 'z', ok: true }]], b: [['ack', { p: 'z', ok: false }]] });
    expect(d.state.entities.z).toBeUndefined();
    d.step({ c: [['ack', { p: 'z', ok: true }]], z: [['ack', { p: 'z', ok: true }]] });
    expect(d.state.entities.z).toMatchObject({ x: 7, y: 9, hop: 5, frozen: false });
    expect(d.state.arrivals.z).toBeUndefined();
    // A second claim while it holds an entity is ignored.
    d.step({ z: [['in', { ...claim, hop: 9 }]] });
    expect(d.state.arrivals.z).toBeUndefined();
    expect(d.state.entities.z!.hop).toBe(5);
  });

  it('a claim refused by a majority, or never checked, is dropped', () => {
    const d = new CellDriver(cellRoom(params('r')), ['a', 'b', 'c']);
    const claim = {
      from: 'r0',
      gid: 'x.1',
      hop: 0,
      x: 1,
      y: 1,
      data: new Uint8Array(),
      time: 5,
      members: ['c'],
      sigs: [],
    };
    d.step({ c: [['in', claim]] });
    d.step({ a: [['ack', { p: 'c', ok: false }]], b: [['ack', { p: 'c', ok: false }]] });
    expect(d.state.arrivals.c).toBeUndefined();
    expect(d.state.entities.c).toBeUndefined();
    d.step({ c: [['in', claim]] });
    d.idle(10_000 / 50 + 2);
    expect(d.state.arrivals.c).toBeUndefined();
  });
});

describe('cell room: split', () => {
  it('above maxGroup for holdMs: a split at one round, every member in exactly one child, the cell signed as inner', () => {
    const members = ids(17);
    const d = new CellDriver(cellRoom(params('r')), members);
    // Spread the entities over the four quarters (members 0..16 by index mod 4).
    const spots = [
      { x: 100, y: 100 },
      { x: 1500, y: 100 },
      { x: 100, y: 1500 },
      { x: 1500, y: 1500 },
    ];
    d.step(Object.fromEntries(members.map((m, i) => [m, [['spawn', spots[i % 4]!]]])));
    let rounds = 1;
    while (d.state.transition === null && rounds < 200) {
      d.step();
      rounds++;
    }
    const t = d.state.transition!;
    expect(t.kind).toBe('split');
    expect((rounds - 1) * 50).toBeGreaterThanOrEqual(DEFAULT_SIZE_RULE.holdMs);
    expect(t.at).toBe(changeRound(config, config.maxK, t.round));
    expect(t.at % 16).toBe(0);
    const assigned = Object.values(t.groups).flat().sort();
    expect(assigned).toEqual(members);
    expect(t.groups.r0).toEqual(members.filter((_, i) => i % 4 === 0));
    expect(t.groups.r3).toEqual(members.filter((_, i) => i % 4 === 3));
    expect(d.state.signs.r).toMatchObject({ inner: true, members });
  });

  it('at most maxGroup members: never a split', () => {
    const d = new CellDriver(cellRoom(params('r')), ids(16));
    d.idle(200);
    expect(d.state.transition).toBeNull();
  });
});

describe('cell room: leader reports and merges', () => {
  it('only the leader reports siblings; below minGroup together for holdMs, the coordinator re-roots, the others relocate', () => {
    const build = (cell: string, members: string[]) => new CellDriver(cellRoom(params(cell)), members);
    const coord = build('r2', ['a', 'b']);
    const other = build('r1', ['c', 'd']);
    for (const d of [coord, other]) {
      d.idle(1);
      const leader = d.members.find((m) => {
        const probe = new CellDriver(d.def, d.members);
        probe.step({ [m]: [['sib', { total: 4, coordinator: 'r2' }]] });
        return probe.state.siblings !== null;
      })!;
      const notLeader = d.members.find((m) => m !== leader)!;
      d.step({ [notLeader]: [['sib', { total: 4, coordinator: 'r2' }]] });
      expect(d.state.siblings).toBeNull();
      for (let i = 0; i < 60 && d.state.transition === null && d.state.relocate === null; i++) {
        d.step({ [leader]: [['sib', { total: 4, coordinator: 'r2' }]] });
      }
    }
    expect(coord.state.transition).toMatchObject({ kind: 'reroot', groups: { r: ['a', 'b'] } });
    expect(other.state.relocate).toMatchObject({ to: 'r' });
    expect(other.state.transition).toBeNull();
  });

  it('a relocation into the parent is called off by a siblings report that the four are no longer below minGroup', () => {
    const d = new CellDriver(cellRoom(params('r1')), ['c', 'd']);
    d.idle(1);
    const leader = leaderOf(d);
    relocateIntoParent(d, leader);
    // Still below: it stands.
    d.step({ [leader]: [['sib', { total: 5, coordinator: 'r2' }]] });
    expect(d.state.relocate).toMatchObject({ to: 'r' });
    // The coordinator's group grew (or its record was only stale): called off, and no merge follows.
    d.step({ [leader]: [['sib', { total: 9, coordinator: 'r2' }]] });
    expect(d.state.relocate).toBeNull();
    for (let i = 0; i < 60; i++) d.idle(1);
    expect(d.state.relocate).toBeNull();
    expect(d.state.transition).toBeNull();
    // A move into our own cell (two groups founded for it) is not a merge: a report leaves it.
    d.step({ [leader]: [['reloc', { to: 'r1' }]] });
    d.step({ [leader]: [['sib', { total: 9, coordinator: 'r2' }]] });
    expect(d.state.relocate).toMatchObject({ to: 'r1' });
  });

  it('a relocation into the parent whose coordinator is gone: a report naming us the coordinator calls it off and we re-root', () => {
    const d = new CellDriver(cellRoom(params('r1')), ['c', 'd']);
    d.idle(1);
    const leader = leaderOf(d);
    relocateIntoParent(d, leader);
    // r2's group is gone (its record went stale): the four are still below minGroup, and the
    // largest of them is now ours. Before, the relocation stood for good (nobody re-rooted).
    d.step({ [leader]: [['sib', { total: 2, coordinator: 'r1' }]] });
    expect(d.state.relocate).toBeNull();
    for (let i = 0; i < 60 && d.state.transition === null; i++) d.idle(1);
    expect(d.state.transition).toMatchObject({ kind: 'reroot', groups: { r: ['c', 'd'] } });
  });

  it('a relocation out of our own cell is called off by the leader once the cell is ours again (stay)', () => {
    const d = new CellDriver(cellRoom(params('r1')), ['c', 'd']);
    d.idle(1);
    const leader = leaderOf(d);
    const other = d.members.find((m) => m !== leader)!;
    d.step({ [leader]: [['reloc', { to: 'r1' }]] });
    expect(d.state.relocate).toMatchObject({ to: 'r1' });
    d.step({ [other]: [['stay', {}]] });
    expect(d.state.relocate).toMatchObject({ to: 'r1' });
    d.step({ [leader]: [['stay', {}]] });
    expect(d.state.relocate).toBeNull();
    // A relocation into the parent (a merge) is not ours to call off this way.
    relocateIntoParent(d, leader);
    d.step({ [leader]: [['stay', {}]] });
    expect(d.state.relocate).toMatchObject({ to: 'r' });
  });
});

describe('cell room: zone events', () => {
  it('raised, signed by a majority, played in the first round at or after its time; an arrival plays once checked', () => {
    const d = new CellDriver(cellRoom(params('r0')), ['a', 'b', 'c']);
    d.step({ b: [['evr', { kind: 'bell', payload: new Uint8Array([7]), lead: 500 }]] });
    const id = Object.keys(d.state.events)[0]!;
    expect(d.state.events[id]).toMatchObject({ kind: 'bell', origin: 'r0', ok: false, at: d.time(0) + 500 });
    d.step({ a: [['evv', { id, sig: new Uint8Array(64) }]], b: [['evv', { id, sig: new Uint8Array(64) }]] });
    expect(d.state.events[id]!.ok).toBe(true);
    d.idle(10);
    expect(d.state.events[id]!.played).toBe(10);
    const other = new CellDriver(cellRoom(params('r1')), ['x', 'y', 'z']);
    const wire = {
      id,
      kind: 'bell',
      payload: new Uint8Array([7]),
      at: d.time(0) + 500,
      origin: 'r0',
      members: ['a', 'b', 'c'],
      sigs: [],
    };
    other.step({ x: [['evi', wire]] });
    other.step({ x: [['eva', { id, ok: true }]], y: [['eva', { id, ok: true }]] });
    expect(other.state.events[id]!.ok).toBe(true);
    other.idle(10);
    expect(other.state.events[id]!.played).toBe(10);
  });
});
