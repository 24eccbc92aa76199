import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../clock/virtual-clock';
import { SessionError } from '../session/errors';
import { err } from '../util/result';
import { ZoneError } from '../zone/errors';
import { P2PJoinError } from './errors';
import { GameLink } from './game-link';
import { linkFor } from './link-registry';
import { resolveViewOptions } from './options';
import { FakeCore, fakeRoomDef } from './test-support';

const town = { name: 'town', bounds: { x: 0, y: 0, width: 3072, height: 2304 } };
const house = { name: 'house', bounds: { x: 0, y: 0, width: 640, height: 448 } };
const view = resolveViewOptions({});
const options = (over: object = {}) => ({ name: 'Alice', zone: town, room: fakeRoomDef, ...over });

function setup() {
  const core = new FakeCore();
  const link = new GameLink(core.deps);
  const log: string[] = [];
  link.events.on('progress', (s) => log.push(s));
  link.events.on('phase', (p) => log.push(`phase:${p}`));
  link.events.on('room', (r) => log.push(`room:${r?.zone.name ?? '-'}`));
  return { core, link, log };
}

describe('GameLink.join', () => {
  it('reports each step in order and resolves with the zone room', async () => {
    const { core, link, log } = setup();
    const joined = await link.join(options(), view);
    expect(joined.ok).toBe(true);
    expect(log).toEqual([
      'phase:joining',
      'keys',
      'registration',
      'signalling',
      'dht',
      'group',
      'first-round',
      'phase:joined',
      'room:town',
    ]);
    expect(link.room).toBe(joined.ok && joined.value);
    expect(link.progress).toEqual(['keys', 'registration', 'signalling', 'dht', 'group', 'first-round']);
    expect(core.sessionCalls[0]).toMatchObject({ name: 'Alice' });
    expect(core.zoneCalls[0]).toMatchObject({ zone: town });
  });

  it('passes the session and zone options through', async () => {
    const { core, link } = setup();
    await link.join(options({ authorityUrl: 'http://a:1', roundMs: 40, k: 3, discoveryTimeoutMs: 500 }), view);
    expect(core.sessionCalls[0]).toMatchObject({ authorityUrl: 'http://a:1' });
    expect(core.zoneCalls[0]).toMatchObject({ roundMs: 40, k: 3, discoveryTimeoutMs: 500, room: fakeRoomDef });
    expect(core.sessionCalls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('reuses the session and the room when a restarted scene joins the same zone again', async () => {
    const { core, link } = setup();
    const a = await link.join(options(), view);
    const b = await link.join(options(), view);
    expect(b.ok && a.ok && b.value === a.value).toBe(true);
    expect(core.sessionCalls).toHaveLength(1);
    expect(core.zoneCalls).toHaveLength(1);
  });

  it('says what failed when the session cannot open, and opens a new one on retry', async () => {
    const { core, link } = setup();
    const errors: P2PJoinError[] = [];
    link.events.on('error', (e) => errors.push(e));
    core.sessionResult = () =>
      err(new SessionError('authority-unreachable', 'The game server cannot be reached. Try again later.'));
    const failed = await link.join(options(), view);
    expect(failed.ok).toBe(false);
    const e = !failed.ok ? failed.error : undefined;
    expect(e).toBeInstanceOf(P2PJoinError);
    expect(e).toMatchObject({ code: 'authority-unreachable', failed: 'session' });
    expect(e!.message).toContain('cannot be reached');
    expect(e!.cause).toBeInstanceOf(SessionError);
    expect(link.phase).toBe('error');
    expect(link.error).toBe(e);
    expect(errors).toEqual([e]);
    expect(core.zoneCalls).toHaveLength(0);
    core.sessionResult = undefined;
    expect((await link.join(options(), view)).ok).toBe(true);
    expect(link.error).toBeUndefined();
  });

  it('says which zone could not be entered, and keeps the session for a retry', async () => {
    const { core, link } = setup();
    core.zoneResult = new ZoneError('join-failed', 'no member answered and founding failed');
    const failed = await link.join(options(), view);
    expect(!failed.ok && failed.error).toMatchObject({ code: 'join-failed', failed: 'zone' });
    expect(!failed.ok && failed.error.message).toBe(
      'Could not enter zone "town": no member answered and founding failed',
    );
    core.zoneResult = undefined;
    expect((await link.join(options(), view)).ok).toBe(true);
    expect(core.sessionCalls).toHaveLength(1);
  });

  it('maps banned, name taken and WebRTC unavailable to their codes', async () => {
    for (const code of ['banned', 'name-taken', 'webrtc-unavailable'] as const) {
      const { core, link } = setup();
      core.sessionResult = () => err(new SessionError(code, `because ${code}`));
      const r = await link.join(options(), view);
      expect(!r.ok && [r.error.code, r.error.message]).toEqual([code, `because ${code}`]);
    }
  });

  it('throws a bad option found by the session on to the caller', async () => {
    const { core, link } = setup();
    core.sessionResult = () => {
      throw Object.assign(new Error('session option `iceServers` ...'), { code: 'bad-option' });
    };
    await expect(link.join(options(), view)).rejects.toThrow('iceServers');
  });

  it('opens a new session when another player name joins on the same game', async () => {
    const { core, link } = setup();
    await link.join(options(), view);
    await link.join(options({ name: 'Bob' }), view);
    expect(core.sessions.map((s) => [s.name, s.closes])).toEqual([
      ['Alice', 1],
      ['Bob', 0],
    ]);
    expect(core.rooms[0]!.leaves).toBe(1);
  });
});

describe('GameLink.switchZone', () => {
  it('leaves the old zone and joins the new one with the same session', async () => {
    const { core, link, log } = setup();
    await link.join(options(), view);
    log.length = 0;
    const r = await link.switchZone(house);
    expect(r.ok && r.value.zone.name).toBe('house');
    expect(core.rooms[0]!.leaves).toBe(1);
    expect(core.sessionCalls).toHaveLength(1);
    expect(core.zoneCalls.map((z) => z.zone.name)).toEqual(['town', 'house']);
    expect(log).toEqual(['phase:switching', 'room:-', 'group', 'first-round', 'phase:joined', 'room:house']);
    expect(link.progress.slice(-2)).toEqual(['group', 'first-round']);
  });

  it('uses another room type when given', async () => {
    const { core, link } = setup();
    await link.join(options(), view);
    const other = { ...fakeRoomDef, name: 'house' } as typeof fakeRoomDef;
    await link.switchZone(house, other);
    expect(core.zoneCalls[1]!.room).toBe(other);
  });

  it('fails clearly before any join', async () => {
    const { link } = setup();
    const r = await link.switchZone(house);
    expect(!r.ok && r.error.message).toContain('before a successful join');
  });
});

describe('GameLink.close', () => {
  it('leaves the room and closes the session once, however often it is called', async () => {
    const { core, link } = setup();
    await link.join(options({ debug: true }), resolveViewOptions({ debug: true }));
    expect('__p2p' in core.deps.debugTarget).toBe(true);
    await Promise.all([link.close(), link.close()]);
    await link.close();
    expect(core.rooms[0]!.leaves).toBe(1);
    expect(core.sessions[0]!.closes).toBe(1);
    expect(link.phase).toBe('closed');
    expect('__p2p' in core.deps.debugTarget).toBe(false);
    const after = await link.join(options(), view);
    expect(!after.ok && after.error.code).toBe('closed');
  });

  it('abandon() closes the session within the call (a page being hidden has no later turn)', async () => {
    const { core, link } = setup();
    await link.join(options(), view);
    link.abandon();
    expect(core.sessions[0]!.closes).toBe(1);
    link.abandon();
    await link.close();
    expect(core.sessions[0]!.closes).toBe(1);
    expect(link.phase).toBe('closed');
  });

  it('aborts a join in progress', async () => {
    const { core, link } = setup();
    let signal: AbortSignal | undefined;
    let release: () => void = () => {};
    core.sessionResult = (o) => {
      signal = o.signal;
      return new Promise((resolve) => {
        release = () => resolve(err(new SessionError('aborted', 'Joining the game was cancelled.')));
      });
    };
    const joining = link.join(options(), view);
    await flushMicrotasks();
    const closing = link.close();
    expect(signal?.aborted).toBe(true);
    release();
    const r = await joining;
    await closing;
    expect(!r.ok && r.error.code).toBe('aborted');
    expect(link.phase).toBe('closed');
  });
});

describe('GameLink debug handle', () => {
  it('publishes window.__p2p only with debug: true', async () => {
    const { core, link } = setup();
    await link.join(options(), view);
    expect('__p2p' in core.deps.debugTarget).toBe(false);
    await link.join(options({ debug: true }), resolveViewOptions({ debug: true }));
    const snap = core.deps.debugTarget.__p2p as { playerId: string; name: string; phase: string; zone: string };
    expect(snap).toMatchObject({ playerId: 'id-Alice', name: 'Alice', phase: 'joined', zone: 'town' });
    const shown = core.deps.debugTarget.__p2p as { crypto: unknown; counters: { zone: Record<string, number> } };
    expect(shown.crypto).toMatchObject({ signatures: 'webcrypto' });
    // The room's speculative view counters sit beside the zone's.
    expect(shown.counters.zone).toMatchObject({ 'speculation.confirmed': 3, 'speculation.mispredicted': 1 });
  });
});

describe('linkFor', () => {
  it('gives one link per game', () => {
    const core = new FakeCore();
    const game = {};
    const [a, createdA] = linkFor(game, core.deps);
    const [b, createdB] = linkFor(game, core.deps);
    const [c] = linkFor({}, core.deps);
    expect([a === b, createdA, createdB, a === c]).toEqual([true, true, false, false]);
  });
});
