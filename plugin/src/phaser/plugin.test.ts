import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GameLinkDeps } from './game-link';
import { FakeCore, fakeRoomDef } from './test-support';

// The plugin calls the real openSession / joinZone; here they are the scripted fakes.
const core = vi.hoisted(() => ({ deps: undefined as GameLinkDeps | undefined }));
vi.mock('../session', async (original) => ({
  ...(await original<object>()),
  openSession: (o: never) => core.deps!.openSession(o),
}));
vi.mock('../zone', async (original) => ({
  ...(await original<object>()),
  joinZone: (ctx: never, o: never) => core.deps!.joinZone(ctx, o),
}));

// Phaser itself cannot load in Node: a stand-in ScenePlugin doing what Phaser's does.
vi.mock('phaser', () => {
  class ScenePlugin {
    scene: unknown;
    systems: unknown;
    pluginManager: unknown;
    game: unknown;
    pluginKey: string;
    constructor(
      scene: { sys: { events: { once(e: string, fn: () => void, ctx: unknown): void } } },
      pm: { game: unknown },
      key: string,
    ) {
      this.scene = scene;
      this.systems = scene.sys;
      this.pluginManager = pm;
      this.game = pm.game;
      this.pluginKey = key;
      scene.sys.events.once('boot', (this as unknown as { boot: () => void }).boot, this);
    }
    boot(): void {}
    destroy(): void {
      this.scene = null;
      this.systems = null;
      this.pluginManager = null;
      this.game = null;
    }
  }
  return { Plugins: { ScenePlugin } };
});

const { P2P_PLUGIN_KEY, P2P_SCENE_MAPPING, P2PPlugin } = await import('./plugin');
const { P2POptionError } = await import('./errors');

/** Phaser's EventEmitter, as far as the plugin uses it. */
class FakeEvents {
  readonly #map = new Map<string, { fn: (...a: unknown[]) => void; ctx: unknown; once: boolean }[]>();
  on(event: string, fn: (...a: unknown[]) => void, ctx?: unknown): this {
    this.#list(event).push({ fn, ctx, once: false });
    return this;
  }
  once(event: string, fn: (...a: unknown[]) => void, ctx?: unknown): this {
    this.#list(event).push({ fn, ctx, once: true });
    return this;
  }
  off(event: string, fn: (...a: unknown[]) => void, ctx?: unknown): this {
    this.#map.set(
      event,
      this.#list(event).filter((l) => !(l.fn === fn && (ctx === undefined || l.ctx === ctx))),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...this.#list(event)]) {
      if (l.once) this.off(event, l.fn, l.ctx);
      l.fn.apply(l.ctx, args);
    }
  }
  count(event: string): number {
    return this.#list(event).length;
  }
  #list(event: string) {
    let list = this.#map.get(event);
    if (list === undefined) {
      list = [];
      this.#map.set(event, list);
    }
    return list;
  }
}

/** A drawable that records calls and returns itself (Phaser's fluent style). */
function drawable(log: string[], kind: string): unknown {
  const target: Record<string, unknown> = {};
  return new Proxy(target, {
    get: (_t, prop) => {
      if (prop === 'then') return undefined;
      return (...args: unknown[]) => {
        log.push(`${kind}.${String(prop)}${prop === 'setText' ? `:${JSON.stringify(args[0]).slice(0, 30)}` : ''}`);
        return target.self;
      };
    },
  });
}

function fakeGame() {
  return { events: new FakeEvents() };
}

function fakeScene(game: ReturnType<typeof fakeGame>) {
  const drawLog: string[] = [];
  const sys = { events: new FakeEvents(), settings: { isBooted: false }, isActive: () => true };
  const keyboard = new FakeEvents();
  const make = (kind: string) => () => {
    const d = drawable(drawLog, kind) as Record<string, unknown>;
    (d as { self?: unknown }).self = d;
    return d;
  };
  const scene = {
    sys,
    game,
    cameras: { main: { worldView: { x: 0, y: 0, width: 800, height: 600 } } },
    input: { keyboard },
    add: { graphics: make('graphics'), text: make('text') },
    p2p: undefined as unknown as InstanceType<typeof P2PPlugin>,
  };
  return { scene, sys, keyboard, drawLog };
}

/** Does what Phaser's PluginManager does for a scene plugin from the game config. */
function install(scene: ReturnType<typeof fakeScene>['scene'], game: ReturnType<typeof fakeGame>) {
  const plugin = new P2PPlugin(scene as never, { game } as never, P2P_SCENE_MAPPING);
  scene.p2p = plugin;
  scene.sys.events.emit('boot');
  scene.sys.settings.isBooted = true;
  scene.sys.events.emit('start');
  return plugin;
}

const town = { name: 'town', bounds: { x: 0, y: 0, width: 3072, height: 2304 } };
let fake: FakeCore;

beforeEach(() => {
  fake = new FakeCore();
  fake.initialState = () => ({ players: { 'id-Alice': { x: 5, y: 5 } } });
  core.deps = fake.deps;
});

describe('P2PPlugin', () => {
  it('exports its registration constants', () => {
    expect([P2P_PLUGIN_KEY, P2P_SCENE_MAPPING]).toEqual(['P2PPlugin', 'p2p']);
  });

  it('joins, shows bound entities, and feeds the camera on the scene events', async () => {
    const game = fakeGame();
    const { scene, sys } = fakeScene(game);
    const p2p = install(scene, game);
    const steps: string[] = [];
    p2p.events.on('progress', (s) => steps.push(s));
    const joined = await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(joined.ok).toBe(true);
    expect(steps).toEqual(['keys', 'registration', 'signalling', 'dht', 'group', 'first-round']);
    expect(p2p.room).toBe(joined.ok ? joined.value : undefined);
    const made: string[] = [];
    p2p.entities.bind({ path: ['players'], create: (id) => made.push(id), fields: ['x', 'y'] });
    expect(made).toEqual(['id-Alice']);
    sys.events.emit('update');
    sys.events.emit('postupdate');
    expect(fake.rooms[0]!.interests).toEqual([{ x: 0, y: 0, width: 800, height: 600 }]);
  });

  it('throws a bad option at once, naming it', () => {
    const game = fakeGame();
    const { scene } = fakeScene(game);
    const p2p = install(scene, game);
    expect(() => p2p.join({ name: 'Alice', zone: { ...town, name: 'no spaces' }, room: fakeRoomDef })).toThrow(
      P2POptionError,
    );
    expect(() => p2p.join({ name: 'Alice', zone: { ...town, name: 'no spaces' }, room: fakeRoomDef })).toThrow(
      'zone.name',
    );
  });

  it('detaches everything of the scene on shutdown and attaches again on restart', async () => {
    const game = fakeGame();
    const { scene, sys, keyboard } = fakeScene(game);
    const p2p = install(scene, game);
    await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect([sys.events.count('update'), sys.events.count('postupdate'), keyboard.count('keydown-BACKTICK')]).toEqual([
      1, 1, 1,
    ]);
    sys.events.emit('shutdown');
    expect([sys.events.count('update'), sys.events.count('postupdate'), keyboard.count('keydown-BACKTICK')]).toEqual([
      0, 0, 0,
    ]);
    expect(fake.rooms[0]!.listeners).toBe(0);
    expect(fake.rooms[0]!.leaves).toBe(0);
    // Restart: start, then the scene's create() joins again: same session, same room.
    sys.events.emit('start');
    const again = await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(again.ok && again.value).toBe(p2p.room);
    expect(fake.sessionCalls).toHaveLength(1);
    expect(sys.events.count('update')).toBe(1);
    expect(keyboard.count('keydown-BACKTICK')).toBe(1);
  });

  it('keeps one session per game, shared by its scenes, and closes it when the game is destroyed', async () => {
    const game = fakeGame();
    const world = install(fakeScene(game).scene, game);
    const hud = install(fakeScene(game).scene, game);
    await world.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(hud.room).toBe(world.room);
    expect(hud.session).toBe(world.session);
    game.events.emit('destroy');
    await vi.waitFor(() => expect(fake.sessions[0]!.closes).toBe(1));
    expect(fake.rooms[0]!.leaves).toBe(1);
    expect(world.phase).toBe('closed');
    // Another game gets its own session.
    const other = fakeGame();
    const p = install(fakeScene(other).scene, other);
    await p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(fake.sessionCalls).toHaveLength(2);
  });

  it('toggles the overlay with the backquote key and draws it with a Graphics and a Text', async () => {
    const game = fakeGame();
    const { scene, keyboard, drawLog } = fakeScene(game);
    const p2p = install(scene, game);
    await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(p2p.overlay.visible).toBe(false);
    keyboard.emit('keydown-BACKTICK');
    expect(p2p.overlay.visible).toBe(true);
    expect(drawLog).toContain('graphics.clear');
    expect(drawLog).toContain('text.setScrollFactor');
    expect(drawLog.some((l) => l.startsWith('text.setText:["zone town'))).toBe(true);
    p2p.overlay.toggle();
    expect(p2p.overlay.visible).toBe(false);
    expect(drawLog.at(-1)).toBe('text.setVisible');
  });

  it('uses another overlay key when asked, or none', async () => {
    const game = fakeGame();
    const { scene, keyboard } = fakeScene(game);
    const p2p = install(scene, game);
    await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef, overlayKey: 'F3' });
    keyboard.emit('keydown-F3');
    expect(p2p.overlay.visible).toBe(true);
    expect(keyboard.count('keydown-BACKTICK')).toBe(0);

    // A scene that bound entities before joining gets the key of the join, and `false` means none.
    const game2 = fakeGame();
    const second = fakeScene(game2);
    const p2 = install(second.scene, game2);
    p2.entities.bind({ path: ['players'], create: () => ({}), fields: ['x'] });
    expect(second.keyboard.count('keydown-BACKTICK')).toBe(1);
    await p2.join({ name: 'Alice', zone: town, room: fakeRoomDef, overlayKey: false });
    expect(second.keyboard.count('keydown-BACKTICK')).toBe(0);
  });

  it('forwards item drops and pick-ups to the zone, and says false outside one', async () => {
    const game = fakeGame();
    const { scene } = fakeScene(game);
    const p2p = install(scene, game);
    expect(p2p.items.drop('gem', 1, 2)).toBe(false);
    await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    expect(p2p.items.drop('gem', 1, 2)).toBe(true);
    expect(p2p.items.pickUp('i1')).toBe(true);
    expect(fake.rooms[0]!.drops).toEqual([['gem', 1, 2]]);
    expect(fake.rooms[0]!.pickUps).toEqual(['i1']);
  });

  it('starts at once when installed into a scene that is already running', () => {
    const game = fakeGame();
    const { scene, sys } = fakeScene(game);
    sys.settings.isBooted = true;
    const p2p = new P2PPlugin(scene as never, { game } as never, P2P_PLUGIN_KEY);
    p2p.boot(); // what PluginManager.installScenePlugin does at run time
    expect(sys.events.count('update')).toBe(1);
  });

  it('lets go of the scene when it is destroyed', async () => {
    const game = fakeGame();
    const { scene, sys } = fakeScene(game);
    const p2p = install(scene, game);
    await p2p.join({ name: 'Alice', zone: town, room: fakeRoomDef });
    sys.events.emit('destroy');
    expect([sys.events.count('start'), sys.events.count('shutdown'), sys.events.count('update')]).toEqual([0, 0, 0]);
    expect(fake.rooms[0]!.leaves).toBe(0); // the room is the game's
  });
});
