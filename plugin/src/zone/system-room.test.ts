import { describe, expect, it } from 'vitest';
import { RoomReplica } from '../room/replica';
import { testRound } from '../room/testing';
import { CellGrid } from './cells';
import { TEST_ZONE } from './fixtures';
import { GROUP_REFRESH_MS, type SystemMessages, type SystemState, systemRoom, WRITE_TIMEOUT_MS } from './system-room';

const grid = new CellGrid(TEST_ZONE.bounds, 512);

/** A system replica driven by hand: each step is one round of messages from members. */
function harness(decayMs = 60_000) {
  const replicas = new Map<string, RoomReplica<SystemState, SystemMessages>>();
  const of = (id: string) => {
    let r = replicas.get(id);
    if (r === undefined) {
      r = new RoomReplica(systemRoom(grid, decayMs), { self: id });
      replicas.set(id, r);
    }
    return r;
  };
  const main = of('a');
  let round = 0;
  const step = (
    members: readonly string[],
    send: Record<string, (r: RoomReplica<SystemState, SystemMessages>) => void> = {},
    time = round * 100,
  ) => {
    const inputs = members.map((m) => {
      const r = of(m);
      send[m]?.(r);
      return { player: m, input: r.takeInput(round) };
    });
    main.apply(testRound({ round, time, inputs }));
    round++;
  };
  return { main, of, step };
}

describe('the zone system room', () => {
  it('names the group after its first round, and asks for a group record signature each epoch and refresh', () => {
    const { main, step } = harness();
    step(['a']);
    expect(main.state.groupId).toBe('a.0');
    expect(main.state.group).toMatchObject({ seq: 1, epoch: 0, members: ['a'], exp: 60_000 });
    step(['a', 'b']);
    expect(main.state.group?.seq).toBe(1);
    step(['a', 'b'], { a: (r) => r.enqueue('bump', { seq: 7 }) });
    expect(main.state.group?.seq).toBe(8);
    step(['a', 'b'], {}, GROUP_REFRESH_MS + 500);
    expect(main.state.group?.seq).toBe(9);
  });

  it('orders pickUps in member order, records tombstones and a pending area write per changed cell', () => {
    const { main, step } = harness();
    step(['a', 'b', 'c'], { b: (r) => r.enqueue('drop', { kind: 'gem', x: 600, y: 10 }) });
    const [id] = Object.keys(main.state.items);
    expect(id).toMatch(/\.0\.1\.0$/);
    expect(main.state.writes.c1_0?.entries).toHaveLength(1);
    step(['a', 'b', 'c'], {
      c: (r) => r.enqueue('pickUp', { id: id! }),
      b: (r) => r.enqueue('pickUp', { id: id! }),
    });
    expect(main.state.items[id!]).toMatchObject({ removed: true, version: 1, pickedBy: 'b' });
    // The first write still waits for votes: the change waits for it (one pending write per cell).
    expect(main.state.writes.c1_0?.seq).toBe(1);
    expect(main.state.dirty.c1_0).toBe(true);
  });

  it('collects votes only from the request members, once each; a stored write lets the next one start', () => {
    const { main, step } = harness();
    step(['a', 'b', 'c'], { a: (r) => r.enqueue('drop', { kind: 'gem', x: 10, y: 10 }) });
    step(['a', 'b', 'c'], { a: (r) => r.enqueue('drop', { kind: 'gem', x: 20, y: 10 }) });
    const sig = new Uint8Array(64).fill(1);
    const vote = { w: 'a' as const, cell: 'c0_0', seq: 1, sig };
    step(['a', 'b', 'c', 'd'], {
      a: (r) => r.enqueue('vote', vote),
      d: (r) => r.enqueue('vote', vote),
      c: (r) => r.enqueue('vote', { ...vote, seq: 2 }),
    });
    expect(Object.keys(main.state.writes.c0_0!.votes)).toEqual(['a']);
    // "Stored" before a majority signed is not believed.
    step(['a', 'b', 'c'], { a: (r) => r.enqueue('written', { cell: 'c0_0', seq: 1 }) });
    expect(main.state.writes.c0_0!.written).toBe(false);
    step(['a', 'b', 'c'], {
      b: (r) => r.enqueue('vote', vote),
      a: (r) => r.enqueue('vote', { ...vote, sig: new Uint8Array(64) }),
    });
    expect(Object.keys(main.state.writes.c0_0!.votes).sort()).toEqual(['a', 'b']);
    expect(main.state.writes.c0_0!.seq).toBe(1);
    // The leader stored it: the dirty cell gets its next write, with both items.
    step(['a', 'b', 'c'], { b: (r) => r.enqueue('written', { cell: 'c0_0', seq: 1 }) });
    expect(main.state.writes.c0_0).toMatchObject({ seq: 2, written: false });
    expect(main.state.writes.c0_0!.entries).toHaveLength(2);
  });

  it('writes a cell again when its write was not stored in time, and forgets decayed items', () => {
    const { main, step } = harness(30_000);
    step(['a', 'b', 'c'], { a: (r) => r.enqueue('drop', { kind: 'gem', x: 10, y: 10 }) });
    expect(main.state.writes.c0_0?.seq).toBe(1);
    step(['a', 'b', 'c'], {}, WRITE_TIMEOUT_MS - 100);
    expect(main.state.writes.c0_0?.seq).toBe(1);
    step(['a', 'b', 'c'], {}, WRITE_TIMEOUT_MS + 200);
    expect(main.state.writes.c0_0).toMatchObject({ seq: 2, time: WRITE_TIMEOUT_MS + 200 });
    step(['a', 'b', 'c'], {}, 31_000);
    expect(Object.keys(main.state.items)).toHaveLength(0);
    expect(main.state.nextDecayAt).toBeNull();
  });

  it('loads items from area records (or a dissolved group) but never duplicates, revives or extends them', () => {
    const { main, step } = harness();
    const entry = (id: string, x: number, decaysAt: number, removed = false) =>
      [id, 'gem', x, 10, 0, decaysAt, 'z', 0, removed] as [
        string,
        string,
        number,
        number,
        number,
        number,
        string,
        number,
        boolean,
      ];
    step(['a'], {
      a: (r) =>
        r.enqueue('load', {
          cell: 'c0_0',
          seq: 5,
          entries: [
            entry('x1', 10, 30_000),
            entry('x2', 10, 10_000_000),
            entry('x3', 10, 0),
            entry('x4', 900, 30_000),
            entry('x5', 20, 30_000, true),
          ],
        }),
    });
    expect(Object.keys(main.state.items).sort()).toEqual(['x1', 'x2', 'x5']);
    expect(main.state.items.x2!.decaysAt).toBe(60_000);
    expect(main.state.seqs.c0_0).toBe(5);
    expect(main.state.dirty).toEqual({});
    step(['a'], { a: (r) => r.enqueue('load', { cell: 'c0_0', seq: 1, entries: [entry('x5', 20, 30_000)] }) });
    expect(main.state.items.x5!.removed).toBe(true);
    step(['a'], { a: (r) => r.enqueue('load', { cell: 'c9_9', seq: 1, entries: [entry('y', 10, 30_000)] }) });
    expect(main.state.items.y).toBeUndefined();
  });
});
