import type { Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { P2PError } from '../util/errors';
import { err } from '../util/result';
import { RoomStatus } from './connection';
import { createRoom } from './create';
import { type RoomError, RoomErrorCode } from './errors';
import { defineArena, inputOf } from './fixtures/arena';
import { FakeRoomConnection, testRound } from './testing';

const def = defineArena();
const names = def.messageNames;

function setup(self = 'a') {
  const connection = new FakeRoomConnection();
  const { replica, room } = createRoom(def, { self, connection });
  let round = 0;
  const play = (init: Omit<Parameters<typeof testRound>[0], 'round'> = {}) =>
    replica.apply(testRound({ ...init, round: round++ }));
  return { connection, replica, room, play };
}

describe('RoomHandle listeners', () => {
  it('delivers the immer patches of each round with their paths', () => {
    const { room, play } = setup();
    const seen: (readonly Patch[])[] = [];
    room.onStateChange((_s, _p, patches) => seen.push(patches));
    play({ joined: ['a'], inputs: [{ player: 'a', input: null }] });
    play({ inputs: [{ player: 'a', input: inputOf(names, [['move', { dx: 2, dy: 0 }]]) }] });
    const paths = seen.map((ps) => ps.map((p) => `${p.op} ${p.path.join('.')}`));
    // Immer orders patches by draft, not by statement; npc.x moves at random (maybe by 0).
    expect(paths[0]?.filter((p) => p !== 'replace npc.x').sort()).toEqual([
      'add log.0',
      'add players.a',
      'replace npc.seen',
      'replace tick',
    ]);
    expect(paths[1]).toContain('replace players.a.x');
    expect(paths[1]).not.toContain('replace players.a.y');
  });

  it('listen() fires only when the value at its path changes, with typed values', () => {
    const { room, play } = setup();
    const xs: [number | undefined, number | undefined][] = [];
    const players: number[] = [];
    room.listen(['players', 'a', 'x'], (x, prev) => xs.push([x, prev]));
    room.listen(['players'], (p) => players.push(Object.keys(p ?? {}).length));
    play({ joined: ['a', 'b'], inputs: [{ player: 'a', input: null }] });
    play({ inputs: [{ player: 'b', input: inputOf(names, [['move', { dx: 1, dy: 0 }]]) }] });
    play({ inputs: [{ player: 'a', input: inputOf(names, [['move', { dx: 3, dy: 0 }]]) }] });
    play({ inputs: [{ player: 'a', input: inputOf(names, [['move', { dx: 0, dy: 1 }]]) }] });
    expect(xs).toEqual([
      [0, undefined],
      [3, 0],
    ]);
    expect(players).toEqual([2, 2, 2, 2]);
  });

  it('onAdd / onRemove report keys of a collection, including existing ones at once', () => {
    const { room, play } = setup();
    play({ joined: ['a'] });
    const events: string[] = [];
    room.onAdd(['players'], (key, value) => events.push(`+${key}:${value.hp}`));
    room.onRemove(['players'], (key, prev) => events.push(`-${key}:${prev.name}`));
    room.onAdd(['log'], (index) => events.push(`log${index}`), { immediate: false });
    play({ joined: ['b', 'c'] });
    play({ left: ['a'] });
    play({ inputs: [{ player: 'b', input: inputOf(names, [['move', { dx: 1, dy: 0 }]]) }] });
    expect(events).toEqual(['+a:100', '+b:100', '+c:100', 'log1', 'log2', '-a:a', 'log3']);
  });

  it('fires onJoin / onLeave for other players only', () => {
    const { room, play } = setup('a');
    const events: string[] = [];
    room.onJoin((p) => events.push(`join ${p}`));
    room.onLeave((p) => events.push(`leave ${p}`));
    play({ joined: ['a', 'b'] });
    play({ left: ['b'], joined: ['c'] });
    expect(events).toEqual(['join b', 'leave b', 'join c']);
  });

  it('isolates a throwing listener and reports it', () => {
    const { room, play } = setup();
    const errors: RoomError[] = [];
    const after: number[] = [];
    room.onError((e) => errors.push(e));
    room.onStateChange(() => {
      throw new Error('listener bug');
    });
    room.listen(['tick'], () => {
      throw new Error('path bug');
    });
    room.onStateChange((s) => after.push(s.tick));
    play();
    expect(after).toEqual([1]);
    expect(errors.map((e) => e.code)).toEqual([RoomErrorCode.ListenerThrew, RoomErrorCode.ListenerThrew]);
    expect(errors[0]?.message).toContain('listener bug');
    expect(errors[1]?.message).toContain('path bug');
  });

  it('reports deterministic handler errors through onError', () => {
    const { room, play } = setup();
    const errors: RoomError[] = [];
    room.onError((e) => errors.push(e));
    play({ joined: ['a'] });
    play({ inputs: [{ player: 'a', input: inputOf(names, [['boom', { at: 3 }]]) }] });
    expect(errors.map((e) => [e.code, e.player, e.round])).toEqual([[RoomErrorCode.HandlerThrew, 'a', 1]]);
  });

  it('exposes a frozen state and stops listeners on unsubscribe', () => {
    const { room, play } = setup();
    let calls = 0;
    const off = room.onStateChange(() => calls++);
    play();
    off();
    off();
    play();
    expect(calls).toBe(1);
    expect(Object.isFrozen(room.state)).toBe(true);
    expect(room.round).toBe(1);
  });

  it('shows a repair as one reset update from the state listeners last saw', () => {
    const { replica, room, play } = setup();
    play({ joined: ['a'] });
    play({ inputs: [{ player: 'a', input: inputOf(names, [['move', { dx: 4, dy: 0 }]]) }] });
    const xs: (number | undefined)[] = [];
    room.listen(['players', 'a', 'x'], (x) => xs.push(x));
    expect(replica.rewind(0)).toBe(true);
    expect(room.state.players.a?.x).toBe(4);
    replica.apply(
      testRound({ round: 1, inputs: [{ player: 'a', input: inputOf(names, [['move', { dx: 1, dy: 0 }]]) }] }),
    );
    expect(xs).toEqual([1]);
  });
});

describe('RoomHandle send and membership', () => {
  it('send() validates at once and queues for the next round', () => {
    const { room, replica, play } = setup();
    play({ joined: ['a'] });
    expect(() => room.send('move', { dx: 9, dy: 0 })).toThrow(/payload\.dx: expected int\(-5\.\.5\), got number 9/);
    expect(room.send('move', { dx: 1, dy: 0 })).toBe(true);
    expect(room.stats().queued).toBe(1);
    const input = replica.takeInput(1);
    play({ inputs: [{ player: 'a', input }] });
    expect(room.state.players.a?.x).toBe(1);
  });

  it('refuses send() from inside a reducer', () => {
    const connection = new FakeRoomConnection();
    let sendFromReducer: () => void = () => {};
    const { replica, room } = createRoom(
      defineArena({
        onRound: () => {
          sendFromReducer();
        },
      }),
      { self: 'a', connection },
    );
    const errors: RoomError[] = [];
    room.onError((e) => errors.push(e));
    sendFromReducer = () => room.send('move', { dx: 0, dy: 0 });
    replica.apply(testRound({ round: 0 }));
    expect(errors[0]?.code).toBe(RoomErrorCode.HandlerThrew);
    expect((errors[0]?.cause as RoomError | undefined)?.code).toBe(RoomErrorCode.SendInReducer);
  });

  it('leave() closes sending and drops the queue; rejoin() reopens with the same identity', async () => {
    const { room, connection } = setup();
    const statuses: string[] = [];
    room.onStatus((s) => statuses.push(s));
    room.send('move', { dx: 1, dy: 0 });
    await Promise.all([room.leave(), room.leave()]);
    expect(connection.calls.leave).toBe(1);
    expect(room.status).toBe(RoomStatus.Left);
    expect(room.stats().queued).toBe(0);
    expect(() => room.send('move', { dx: 1, dy: 0 })).toThrow(/after leave/);
    const [r1, r2] = await Promise.all([room.rejoin(), room.rejoin()]);
    expect(r1).toEqual({ ok: true, value: { round: 0 } });
    expect(r2).toBe(r1);
    expect(connection.calls.rejoin).toBe(1);
    expect(room.self).toBe('a');
    expect(room.send('move', { dx: 1, dy: 0 })).toBe(true);
    expect(statuses).toEqual(['left', 'rejoining', 'joined']);
  });

  it('keeps messages queued across a drop and reports a failed rejoin as a value', async () => {
    const { room, connection } = setup();
    connection.setStatus(RoomStatus.Dropped);
    expect(room.send('move', { dx: 1, dy: 0 })).toBe(true);
    connection.nextRejoin = () => err(new P2PError('unreachable', 'no majority reachable'));
    const r = await room.rejoin();
    expect(r.ok).toBe(false);
    expect(room.status).toBe(RoomStatus.Dropped);
    expect(room.stats().queued).toBe(1);
    connection.nextRejoin = () => ({ ok: true, value: { round: 7 } });
    expect(await room.rejoin()).toEqual({ ok: true, value: { round: 7 } });
    expect(room.status).toBe(RoomStatus.Joined);
  });

  it('closes when the connection says left, and dispose() detaches everything', () => {
    const { room, connection, play } = setup();
    let changes = 0;
    room.onStateChange(() => changes++);
    connection.setStatus(RoomStatus.Left);
    expect(() => room.send('move', { dx: 0, dy: 0 })).toThrow(/after leave/);
    room.dispose();
    play();
    expect(changes).toBe(0);
  });
});
