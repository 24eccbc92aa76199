import type { RoomDefinition } from '../room/types';
import type { Session, SessionError, SessionOptions, SessionStep } from '../session';
import { err, ok, type Result } from '../util/result';
import type { Item, JoinZoneOptions, Rect, ZoneDef, ZoneError, ZoneInfo, ZoneStep } from '../zone';
import type { GameLinkDeps } from './game-link';
import type { OverlayModel } from './overlay-model';
import type { OverlayView, SceneHost } from './scene-link';
import type { AnyZoneRoom } from './types';

/**
 * Test doubles for the plugin's tests: a zone room whose rounds, clock and state the test
 * drives, a session, the core functions (`openSession`, `joinZone`) over them, and a scene host.
 * No network, no Phaser, no timers.
 */

/** A zone room driven by the test: `beforeInput(r)` is the round timer, `apply(r, state)` a decided round. */
export class FakeZoneRoom {
  readonly zone: ZoneDef;
  readonly self: string;
  readonly sent: { type: string; payload: unknown; round: number }[] = [];
  readonly interests: (Rect | undefined)[] = [];
  readonly drops: [string, number, number][] = [];
  readonly pickUps: string[] = [];
  readonly itemList: Item[] = [];
  readonly roundMs: number;
  status = 'joined';
  leaves = 0;
  now = 0;
  state: object;
  round = 0;
  /** The room handle's speculative view (`speculativeRound`, `speculativeState`); none when undefined. */
  speculative: { round: number; state: object } | undefined;
  #currentRound = 0;
  readonly #applied = new Set<(round: number, time: number) => void>();
  readonly #before = new Set<(round: number) => void>();

  constructor(o: { zone: ZoneDef; self: string; state?: object; roundMs?: number }) {
    this.zone = o.zone;
    this.self = o.self;
    this.state = o.state ?? {};
    this.roundMs = o.roundMs ?? 100;
  }

  /** The `ZoneRoom` view of this fake. */
  get asRoom(): AnyZoneRoom {
    const fake = this;
    const room = {
      zone: this.zone,
      room: {
        get self() {
          return fake.self;
        },
        get state() {
          return fake.state;
        },
        get round() {
          return fake.round;
        },
        get speculativeRound() {
          return fake.speculative?.round ?? fake.round;
        },
        get speculativeState() {
          return fake.speculative?.state ?? fake.state;
        },
        speculationStats: () => ({ rerun: 4, confirmed: 3, mispredicted: 1, ignored: 0, revealed: 2 }),
        send: (type: string, payload: unknown) => {
          this.sent.push({ type, payload, round: this.#currentRound });
          return true;
        },
      },
      items: {
        list: () => this.itemList,
        // The zone answers by whole area cells: here, one cell holding everything.
        inRect: (_r: Rect) => this.itemList,
        drop: (kind: string, x: number, y: number) => this.drops.push([kind, x, y]),
        pickUp: (id: string) => this.pickUps.push(id),
        on: () => () => {},
      },
      info: () => this.info(),
      now: () => this.now,
      roundTime: (r: number) => r * this.roundMs,
      onApplied: (fn: (round: number, time: number) => void) => {
        this.#applied.add(fn);
        return () => this.#applied.delete(fn);
      },
      onBeforeInput: (fn: (round: number) => void) => {
        this.#before.add(fn);
        return () => this.#before.delete(fn);
      },
      setInterest: (r: Rect | undefined) => this.interests.push(r),
      get status() {
        return fake.status;
      },
      leave: async () => {
        this.leaves++;
        this.status = 'left';
      },
    };
    return room as unknown as AnyZoneRoom;
  }

  /** Listeners still subscribed (onApplied + onBeforeInput). */
  get listeners(): number {
    return this.#applied.size + this.#before.size;
  }

  /** The round timer: the local input of `round` is about to be taken. */
  beforeInput(round: number): void {
    this.#currentRound = round;
    for (const fn of [...this.#before]) fn(round);
  }

  /** A decided round was applied with `state`. */
  apply(round: number, state: object): void {
    this.round = round;
    this.state = state;
    for (const fn of [...this.#applied]) fn(round, round * this.roundMs);
  }

  info(): ZoneInfo {
    return {
      zone: this.zone.name,
      cell: 'r',
      groupId: `${this.self}:0`,
      members: [{ id: this.self, leader: true, rttMs: undefined }],
      leader: this.self,
      round: this.#currentRound,
      appliedRound: this.round,
      confirmedRound: this.round,
      epoch: 0,
      roundMs: this.roundMs,
      k: 2,
      loss: 0,
      cells: [{ name: 'c0_0', rect: { x: 0, y: 0, width: 512, height: 512 } }],
      interest: this.interests.at(-1),
      observedCells: [],
      counters: { applied: this.round },
    };
  }
}

/** A session double: an id, a name, its signature backend, counters, and how often it was closed. */
export function fakeSession(name: string, playerId = `id-${name}`): Session & { closes: number } {
  const s = {
    playerId,
    name,
    ed: { backend: 'webcrypto' },
    closes: 0,
    peers: () => [],
    counters: () => ({ hellos: 1 }),
    close: async () => {
      s.closes++;
    },
  };
  return s as unknown as Session & { closes: number };
}

/** Scripted core functions: records every call; results can be replaced per test. */
export class FakeCore {
  readonly sessions: (Session & { closes: number })[] = [];
  readonly rooms: FakeZoneRoom[] = [];
  readonly sessionCalls: SessionOptions[] = [];
  readonly zoneCalls: JoinZoneOptions<object, Record<string, unknown>>[] = [];
  sessionResult:
    | ((o: SessionOptions) => Result<Session, SessionError> | Promise<Result<Session, SessionError>>)
    | undefined;
  zoneResult: ZoneError | undefined;
  /** The state a new room starts with. */
  initialState: (zone: string) => object = () => ({});

  readonly deps: GameLinkDeps & { debugTarget: Record<string, unknown> } = {
    debugTarget: {},
    openSession: async (o) => {
      this.sessionCalls.push(o);
      for (const step of ['keys', 'registration', 'signalling', 'dht'] as SessionStep[]) o.onProgress?.(step);
      if (this.sessionResult !== undefined) return this.sessionResult(o);
      const s = fakeSession(o.name);
      this.sessions.push(s);
      return ok(s);
    },
    joinZone: async (ctx, o) => {
      this.zoneCalls.push(o);
      for (const step of ['group', 'first-round'] as ZoneStep[]) o.onProgress?.(step);
      if (this.zoneResult !== undefined) return err(this.zoneResult);
      const room = new FakeZoneRoom({ zone: o.zone, self: ctx.playerId, state: this.initialState(o.zone.name) });
      this.rooms.push(room);
      return ok(room.asRoom);
    },
  };
}

/** An overlay drawing that records what it was asked to draw. */
export class FakeOverlay implements OverlayView {
  readonly drawn: OverlayModel[] = [];
  visible = false;
  destroyed = 0;
  draw(model: OverlayModel): void {
    this.drawn.push(model);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
  }
  destroy(): void {
    this.destroyed++;
  }
}

/** A scene host with a movable camera view and a keyboard the test presses. */
export class FakeHost implements SceneHost {
  view: Rect | undefined = { x: 0, y: 0, width: 800, height: 600 };
  readonly overlays: FakeOverlay[] = [];
  readonly #keys = new Map<string, Set<() => void>>();

  worldView(): Rect | undefined {
    return this.view;
  }

  createOverlay(): OverlayView {
    const o = new FakeOverlay();
    this.overlays.push(o);
    return o;
  }

  bindKey(key: string, fn: () => void): () => void {
    let set = this.#keys.get(key);
    if (set === undefined) {
      set = new Set();
      this.#keys.set(key, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  press(key: string): void {
    for (const fn of [...(this.#keys.get(key) ?? [])]) fn();
  }

  keyListeners(key: string): number {
    return this.#keys.get(key)?.size ?? 0;
  }
}

/** A room definition stand-in (the link only passes it through). */
export const fakeRoomDef = {
  name: 'town',
  messages: new Map(),
  config: {},
  limits: {},
  messageNames: [],
} as unknown as RoomDefinition<object, Record<string, unknown>>;
