import { describe, expect, it } from 'vitest';
import type { Item } from '../zone';
import { GameLink } from './game-link';
import { resolveViewOptions } from './options';
import { ITEMS_SYNC_MS, OVERLAY_REDRAW_MS, SceneLink } from './scene-link';
import { FakeCore, FakeHost, fakeRoomDef } from './test-support';

const town = { name: 'town', bounds: { x: 0, y: 0, width: 3072, height: 2304 } };
const house = { name: 'house', bounds: { x: 0, y: 0, width: 640, height: 448 } };

interface Player {
  x: number;
  y: number;
  name: string;
}
interface Sprite {
  id: string;
  zone: string;
  x: number;
  y: number;
  destroyed: number;
}

async function setup(o: { debug?: boolean } = {}) {
  const core = new FakeCore();
  core.initialState = (zone) => ({
    players: { 'id-Alice': { x: 10, y: 10, name: 'Alice' }, [`npc-${zone}`]: { x: 100, y: 100, name: 'Npc' } },
  });
  const link = new GameLink(core.deps);
  const host = new FakeHost();
  const scene = new SceneLink(link, host);
  scene.start();
  const sprites: Sprite[] = [];
  const bind = () =>
    scene.bind({
      path: ['players'],
      create: (id, e: Player) => {
        const s = { id, zone: link.room?.zone.name ?? '?', x: e.x, y: e.y, destroyed: 0 };
        sprites.push(s);
        return s;
      },
      fields: ['x', 'y'],
      destroy: (s) => {
        s.destroyed++;
      },
      local: { predict: (e, input: { dx: number }, dt) => ({ ...e, x: e.x + input.dx * dt }) },
    });
  const join = async () => {
    const view = resolveViewOptions({ debug: o.debug ?? false });
    const r = await link.join({ name: 'Alice', zone: town, room: fakeRoomDef, debug: o.debug ?? false }, view);
    if (!r.ok) throw r.error;
    return core.rooms.at(-1)!;
  };
  return { core, link, host, scene, sprites, bind, join };
}

const live = (sprites: Sprite[]) => sprites.filter((s) => s.destroyed === 0).map((s) => `${s.zone}:${s.id}`);

describe('SceneLink', () => {
  it('creates bound objects when the room arrives, and a binding made later sees the current state', async () => {
    const t = await setup();
    t.bind();
    const room = await t.join();
    expect(live(t.sprites)).toEqual(['town:id-Alice', 'town:npc-town']);
    const late: string[] = [];
    t.scene.bind({ path: ['players'], create: (id) => late.push(id), fields: ['x'] });
    expect(late).toEqual(['id-Alice', 'npc-town']);
    expect(room.listeners).toBe(2); // one onApplied, one onBeforeInput
  });

  it('samples input once per round of the room, sends it, and predicts the local avatar at once', async () => {
    const t = await setup();
    t.bind();
    let dx = 1;
    t.scene.sample('move', () => ({ dx }), { every: 'change' });
    const room = await t.join();
    room.now = 1000;
    room.beforeInput(10);
    room.beforeInput(11);
    dx = 0;
    room.beforeInput(12);
    expect(room.sent).toEqual([
      { type: 'move', payload: { dx: 1 }, round: 10 },
      { type: 'move', payload: { dx: 0 }, round: 12 },
    ]);
    // Decided state is at round 0 (x = 10): rounds 10, 11 replayed with dx 1 (100 ms each), 12 with dx 0.
    room.now = 1250;
    t.scene.frame();
    expect(t.sprites.find((s) => s.id === 'id-Alice')!.x).toBe(210);
  });

  it('interpolates remote entities between decided rounds', async () => {
    const t = await setup();
    t.bind();
    const room = await t.join();
    const state = (x: number) => ({
      players: { 'id-Alice': { x: 10, y: 10, name: 'A' }, 'npc-town': { x, y: 0, name: 'N' } },
    });
    for (let r = 1; r <= 6; r++) {
      room.now = r * 100 + 400; // each round arrives 400 ms after its stamp
      room.apply(r, state(r * 10));
    }
    room.now = 6 * 100 + 400 + 50; // render time = now - 400 - 2 rounds = 450
    t.scene.frame();
    expect(t.sprites.find((s) => s.id === 'npc-town')!.x).toBe(45);
  });

  it('opt-in speculative bindings place remote entities from the speculative view, sooner than decided ones', async () => {
    const t = await setup();
    const specSprites: Sprite[] = [];
    t.scene.bind({
      path: ['players'],
      create: (id, e: Player) => {
        const s = { id, zone: 'town', x: e.x, y: e.y, destroyed: 0 };
        specSprites.push(s);
        return s;
      },
      fields: ['x', 'y'],
      speculative: true,
    });
    t.bind();
    const room = await t.join();
    const state = (x: number) => ({
      players: { 'id-Alice': { x: 10, y: 10, name: 'A' }, 'npc-town': { x, y: 0, name: 'N' } },
    });
    // Decided rounds arrive 400 ms after their stamp; the speculative view is 3 rounds ahead of
    // them (the npc's revealed inputs), each of its rounds arriving 100 ms after its stamp.
    for (let r = 1; r <= 6; r++) {
      room.now = r * 100 + 400;
      room.speculative = { round: r + 3, state: state((r + 3) * 10) };
      t.scene.frame();
      room.apply(r, state(r * 10));
    }
    room.now = 6 * 100 + 400 + 50;
    t.scene.frame();
    const decided = t.sprites.find((s) => s.id === 'npc-town')!.x;
    const shown = specSprites.find((s) => s.id === 'npc-town')!.x;
    // Decided: render time = now - 400 - 2 rounds = 450. Speculative: now - 100 - (2 + k = 4) rounds = 550.
    expect(decided).toBe(45);
    expect(shown).toBe(55);
    // Objects still come and go with decided rounds only.
    room.speculative = { round: 10, state: { players: { ...state(100).players, ghost: { x: 1, y: 1, name: 'G' } } } };
    t.scene.frame();
    expect(specSprites.map((s) => s.id)).not.toContain('ghost');
  });

  it('refuses a speculative option that is not a boolean', async () => {
    const t = await setup();
    expect(() =>
      t.scene.bind({ path: ['players'], create: () => ({}), fields: ['x'], speculative: 'yes' as never }),
    ).toThrow(/bind\.speculative/);
  });

  it("keeps bindings across a zone switch: objects of the old zone go, the new zone's come", async () => {
    const t = await setup();
    t.bind();
    const town = await t.join();
    const r = await t.link.switchZone(house);
    expect(r.ok).toBe(true);
    const houseRoom = t.core.rooms.at(-1)!;
    expect(live(t.sprites)).toEqual(['house:id-Alice', 'house:npc-house']);
    expect(t.sprites.filter((s) => s.zone === 'town').map((s) => s.destroyed)).toEqual([1, 1]);
    expect(town.listeners).toBe(0);
    expect(houseRoom.listeners).toBe(2);
  });

  it('on shutdown drops what the scene registered, but leaves the zone room and session alone', async () => {
    const t = await setup();
    t.bind();
    t.scene.sample('move', () => ({ dx: 1 }));
    const progress: string[] = [];
    t.scene.events.on('progress', (s) => progress.push(s));
    const room = await t.join();
    t.scene.shutdown();
    expect(t.sprites.map((s) => s.destroyed)).toEqual([1, 1]);
    expect(room.listeners).toBe(0);
    expect(room.leaves).toBe(0);
    expect(t.link.room).toBeDefined();
    room.beforeInput(5);
    t.scene.postFrame();
    expect(room.sent).toEqual([]);
    expect(t.host.keyListeners('BACKTICK')).toBe(0);
    expect(t.scene.events.listenerCount('progress')).toBe(0);
    // The scene restarts: its create() binds again and sees the room at once.
    t.scene.start();
    t.bind();
    expect(live(t.sprites)).toEqual(['town:id-Alice', 'town:npc-town']);
    expect(progress).toHaveLength(6);
  });

  it('feeds the camera view to the zone when it changes, only from a scene that uses the network', async () => {
    const t = await setup();
    const room = await t.join();
    t.scene.postFrame();
    expect(room.interests).toEqual([]); // nothing bound or joined from this scene: a HUD scene, say
    t.bind();
    t.scene.postFrame();
    t.scene.postFrame();
    t.host.view = { x: 100, y: 0, width: 800, height: 600 };
    t.scene.postFrame();
    expect(room.interests).toEqual([
      { x: 0, y: 0, width: 800, height: 600 },
      { x: 100, y: 0, width: 800, height: 600 },
    ]);
  });

  it('shows items within the camera view plus the margin, as the view moves', async () => {
    const t = await setup();
    const room = await t.join();
    const item = (id: string, x: number): Item => ({
      id,
      kind: 'gem',
      x,
      y: 100,
      by: 'p',
      droppedAt: 0,
      decaysAt: 1,
      cell: 'c0_0',
    });
    room.itemList.push(item('near', 700), item('margin', 900), item('far', 2000));
    const log: string[] = [];
    t.scene.showItems({ create: (i) => log.push(`+${i.id}`), destroy: (_o, i) => log.push(`-${i.id}`) });
    t.scene.postFrame();
    expect(log).toEqual(['+near', '+margin']);
    t.host.view = { x: 1500, y: 0, width: 800, height: 600 };
    room.now += ITEMS_SYNC_MS;
    t.scene.postFrame();
    expect(log).toEqual(['+near', '+margin', '-near', '-margin', '+far']);
  });

  it('toggles the overlay with its key and redraws it at most every 200 ms', async () => {
    const t = await setup();
    t.bind();
    const room = await t.join();
    t.host.press('BACKTICK');
    const overlay = t.host.overlays[0]!;
    expect(overlay.visible).toBe(true);
    expect(overlay.drawn).toHaveLength(1);
    expect(overlay.drawn[0]!.members[0]).toMatchObject({ label: 'Alice', leader: true, self: true });
    for (let i = 0; i < 30; i++) {
      room.now += 16;
      t.scene.postFrame();
    }
    // 480 ms of frames: redrawn about twice, not thirty times.
    expect(overlay.drawn.length).toBeLessThanOrEqual(1 + Math.ceil((30 * 16) / OVERLAY_REDRAW_MS));
    expect(t.scene.toggleOverlay()).toBe(false);
    expect(overlay.visible).toBe(false);
  });

  it('records decided positions per applied round for window.__p2p.positionsAt', async () => {
    const t = await setup({ debug: true });
    t.bind();
    const room = await t.join();
    room.apply(3, { players: { 'id-Alice': { x: 1, y: 2, name: 'A' } } });
    room.apply(4, { players: { 'id-Alice': { x: 5, y: 6, name: 'A' } } });
    const handle = t.core.deps.debugTarget.__p2p as {
      entities: Record<string, unknown>;
      positionsAt(r: number): unknown;
      counters: { plugin: Record<string, number> };
    };
    expect(handle.entities).toEqual({ 'id-Alice': { x: 5, y: 6 } });
    expect(handle.positionsAt(3)).toEqual({ 'id-Alice': { x: 1, y: 2 } });
    expect(handle.counters.plugin['bind.destroyed']).toBe(1); // the npc left at round 3
  });

  it('reports a throwing game callback once as an event and goes on', async () => {
    const t = await setup();
    const errors: string[] = [];
    t.scene.events.on('callbackError', (_e, where) => errors.push(where));
    t.scene.sample('move', () => {
      throw new Error('game bug');
    });
    t.scene.sample('ok', () => 1);
    const room = await t.join();
    room.beforeInput(1);
    expect(errors).toEqual(['input.sample(move)']);
    expect(room.sent.map((m) => m.type)).toEqual(['ok']);
  });
});
