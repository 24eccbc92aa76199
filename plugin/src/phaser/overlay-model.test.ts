import { describe, expect, it } from 'vitest';
import type { ZoneInfo } from '../zone';
import { buildOverlayModel, LEADER_MARK } from './overlay-model';

const cell = (col: number, row: number) => ({
  name: `c${col}_${row}`,
  rect: { x: col * 512, y: row * 512, width: 512, height: 512 },
});

function info(over: Partial<ZoneInfo> = {}): ZoneInfo {
  return {
    zone: 'town',
    cell: 'r',
    groupId: 'founder0123456789',
    members: [
      { id: 'aaaaaaaaaaaa', leader: false, rttMs: undefined },
      { id: 'bbbbbbbbbbbb', leader: true, rttMs: 41.6 },
      { id: 'cccccccccccc', leader: false, rttMs: 80 },
    ],
    leader: 'bbbbbbbbbbbb',
    round: 120,
    appliedRound: 116,
    confirmedRound: 115,
    epoch: 3,
    roundMs: 50,
    k: 2,
    loss: 0.025,
    cells: [cell(0, 0), cell(1, 0), cell(0, 1), cell(1, 1)],
    interest: { x: 400, y: 100, width: 300, height: 200 },
    observedCells: ['c0_0', 'c1_0'],
    counters: {},
    ...over,
  };
}

describe('buildOverlayModel', () => {
  it('marks the observed cells and only them', () => {
    const m = buildOverlayModel(info(), { self: 'aaaaaaaaaaaa' });
    expect(m.cells.filter((c) => c.observed).map((c) => c.name)).toEqual(['c0_0', 'c1_0']);
    expect(m.cells.filter((c) => !c.observed).map((c) => c.name)).toEqual(['c0_1', 'c1_1']);
    expect(m.interest).toEqual({ x: 400, y: 100, width: 300, height: 200 });
  });

  it('marks the leader and the local player, with names and round-trip times', () => {
    const names: Record<string, string> = { aaaaaaaaaaaa: 'Alice', bbbbbbbbbbbb: 'Bob' };
    const m = buildOverlayModel(info(), { self: 'aaaaaaaaaaaa', nameOf: (id) => names[id] });
    expect(m.members.map((x) => [x.label, x.leader, x.self])).toEqual([
      ['Alice', false, true],
      ['Bob', true, false],
      ['cccccccc', false, false],
    ]);
    expect(m.panel).toContain('  Alice (you)');
    expect(m.panel).toContain(`${LEADER_MARK} Bob  42 ms`);
    expect(m.panel).toContain('  cccccccc  80 ms');
  });

  it('shows the round, R, k and loss', () => {
    const m = buildOverlayModel(info(), { self: 'x' });
    expect(m.panel).toContain('round 120  applied 116  confirmed 115  epoch 3');
    expect(m.panel).toContain('R 50 ms  k 2  loss 2.5%');
    expect(m.panel[0]).toBe('zone town  cell r  group founder0');
  });

  it('draws the cell grid as lines spanning the zone', () => {
    const m = buildOverlayModel(info(), { self: 'x' });
    expect(m.bounds).toEqual({ x: 0, y: 0, width: 1024, height: 1024 });
    expect(m.gridLines).toEqual([
      { x1: 0, y1: 0, x2: 0, y2: 1024 },
      { x1: 512, y1: 0, x2: 512, y2: 1024 },
      { x1: 1024, y1: 0, x2: 1024, y2: 1024 },
      { x1: 0, y1: 0, x2: 1024, y2: 0 },
      { x1: 0, y1: 512, x2: 1024, y2: 512 },
      { x1: 0, y1: 1024, x2: 1024, y2: 1024 },
    ]);
  });

  it('copes with a group not yet formed', () => {
    const m = buildOverlayModel(
      info({ members: [], leader: undefined, cells: [], observedCells: [], appliedRound: undefined, epoch: undefined }),
      { self: 'x' },
    );
    expect(m.bounds).toBeUndefined();
    expect(m.gridLines).toEqual([]);
    expect(m.panel).toContain('round 120  applied -  confirmed 115  epoch -');
  });
});

describe('buildOverlayModel with quadtree groups', () => {
  it('outlines each leaf, marks the own leaf and the observed ones, and names the leader', () => {
    const leaf = (name: string, x: number, y: number, size: number) => ({
      name,
      rect: { x, y, width: size, height: size },
    });
    const leaves = [leaf('r00', 0, 0, 512), leaf('r01', 512, 0, 512), leaf('r1', 1024, 0, 1024)];
    const groups = {
      leaves,
      cell: 'r01',
      cellRect: leaves[1]!.rect,
      groupId: 'g',
      leader: 'bbbbbbbbbbbb',
      observed: [],
      roundMessagesFrom: {},
      errors: [],
    };
    const m = buildOverlayModel(
      { ...info({ cells: leaves, observedCells: ['r1'], cell: 'r01' }), groups } as ZoneInfo,
      { self: 'aaaaaaaaaaaa', nameOf: (id) => (id === 'bbbbbbbbbbbb' ? 'Bea' : undefined) },
    );
    expect(m.own).toEqual(leaves[1]!.rect);
    expect(m.cells.filter((c) => c.observed).map((c) => c.name)).toEqual(['r1']);
    // Each leaf's outline, shared edges once: no line of a uniform grid crosses the big leaf.
    expect(m.gridLines).toContainEqual({ x1: 0, y1: 0, x2: 512, y2: 0 });
    expect(m.gridLines).not.toContainEqual(expect.objectContaining({ x1: 0, y1: 512, x2: 2048 }));
    expect(m.panel.join('\n')).toContain('quadtree leaves 3  leader Bea');
    // A one-group zone has no own leaf.
    expect(buildOverlayModel(info(), { self: 'aaaaaaaaaaaa' }).own).toBeUndefined();
  });
});
