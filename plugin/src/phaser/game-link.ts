import type { RoomDefinition } from '../room/types';
import type { Session, SessionError, SessionOptions } from '../session';
import { err, ok, type Result } from '../util/result';
import type { JoinZoneOptions, ZoneDef, ZoneError, ZonePeerContext, ZoneRoom } from '../zone';
import type { JoinZoneGroupsOptions } from '../zone-groups';
import {
  type DebugSource,
  DecidedHistory,
  installDebugHandle,
  type Positions,
  sessionCrypto,
  speculationCounters,
} from './debug-handle';
import { P2PJoinError, P2PJoinErrorCode } from './errors';
import { Emitter } from './events';
import { internal, isOptionError, pick } from './join-helpers';
import { type AnyJoinOptions, DEFAULT_VIEW_OPTIONS, type ResolvedViewOptions } from './options';
import { type AnyZoneRoom, type JoinStep, P2PPhase } from './types';

/**
 * The game's link to the network, one per `Phaser.Game` (not per scene): the player's session
 * and the zone room it is in. A scene restart or a zone change reuses the session; destroying
 * the game closes it. Scenes attach to it (see `scene-link.ts`) and follow its `room` event.
 * Nothing here touches Phaser.
 */

/** The core functions the link calls (injected so tests can fake them). */
export interface GameLinkDeps {
  readonly openSession: (options: SessionOptions) => Promise<Result<Session, SessionError>>;
  readonly joinZone: (
    ctx: ZonePeerContext,
    options: JoinZoneOptions<object, Record<string, unknown>>,
  ) => Promise<Result<ZoneRoom<object, Record<string, unknown>>, ZoneError>>;
  /** Enters a zone of quadtree groups (`join({ groups })`); without it `groups` is refused at join. */
  readonly joinZoneGroups?: (
    ctx: ZonePeerContext,
    options: JoinZoneGroupsOptions<object, Record<string, unknown>>,
  ) => Promise<Result<ZoneRoom<object, Record<string, unknown>>, ZoneError>>;
  /** Where `__p2p` is published with `debug: true`. Default `globalThis` (the window). */
  readonly debugTarget?: object;
}

/** Events of a {@link GameLink}. */
export interface GameLinkEvents {
  progress: (step: JoinStep) => void;
  /** The current room changed: set after a join or switch, `undefined` when left. */
  room: (room: AnyZoneRoom | undefined) => void;
  joined: (room: AnyZoneRoom) => void;
  error: (error: P2PJoinError) => void;
  phase: (phase: P2PPhase) => void;
}

/** What a scene contributes to the debug handle. */
export interface SceneDebugProvider {
  entities(): Positions;
  overlayVisible(): boolean;
  counters(): Readonly<Record<string, number>>;
}

type AnyDef = RoomDefinition<object, Record<string, unknown>>;

/** See the module comment. */
export class GameLink {
  readonly events = new Emitter<GameLinkEvents>();
  readonly #deps: GameLinkDeps;
  readonly #abort = new AbortController();
  readonly #history = new DecidedHistory(64);
  readonly #providers = new Set<SceneDebugProvider>();
  #session: Session | undefined;
  #room: AnyZoneRoom | undefined;
  #def: AnyDef | undefined;
  #options: AnyJoinOptions | undefined;
  #view: ResolvedViewOptions = DEFAULT_VIEW_OPTIONS;
  #phase: P2PPhase = P2PPhase.Idle;
  #progress: JoinStep[] = [];
  #error: P2PJoinError | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #uninstallDebug: (() => void) | undefined;
  #overlayVisible = false;

  constructor(deps: GameLinkDeps) {
    this.#deps = deps;
  }

  /** The player's session, once open. */
  get session(): Session | undefined {
    return this.#session;
  }

  /** The zone room the player is in. */
  get room(): AnyZoneRoom | undefined {
    return this.#room;
  }

  get phase(): P2PPhase {
    return this.#phase;
  }

  /** Join steps seen, in order. */
  get progress(): readonly JoinStep[] {
    return this.#progress;
  }

  /** Why the last join or switch failed. */
  get error(): P2PJoinError | undefined {
    return this.#error;
  }

  /** The view options of the last `join()`. */
  get view(): ResolvedViewOptions {
    return this.#view;
  }

  /** Whether the debug overlay is shown (kept per game, so a scene restart keeps it). */
  get overlayVisible(): boolean {
    return this.#overlayVisible;
  }

  set overlayVisible(v: boolean) {
    this.#overlayVisible = v;
  }

  /** Decided positions of recent rounds (recorded by the scenes' bindings). */
  get history(): DecidedHistory {
    return this.#history;
  }

  /** Adds a scene's part of the debug handle; returns the function that removes it. */
  provide(p: SceneDebugProvider): () => void {
    this.#providers.add(p);
    return () => this.#providers.delete(p);
  }

  /**
   * Opens the session (unless open for this name) and enters `o.zone`. Already in that zone
   * with that room type: resolves with the current room. Calls run one after another.
   */
  join(o: AnyJoinOptions, view: ResolvedViewOptions): Promise<Result<AnyZoneRoom, P2PJoinError>> {
    return this.#serial(async () => {
      if (this.#closing !== undefined) return this.#closed();
      if (this.#session !== undefined && this.#session.name !== o.name) {
        // Another player on this page: the old identity's session goes entirely.
        await this.#leaveRoom();
        await this.#closeSession();
      }
      this.#options = o;
      this.#view = view;
      if (view.debug) this.#installDebug();
      const room = this.#room;
      if (room !== undefined && room.zone.name === o.zone.name && this.#def === o.room && room.status !== 'left') {
        return ok(room);
      }
      await this.#leaveRoom();
      this.#progress = [];
      this.#error = undefined;
      this.#setPhase(P2PPhase.Joining);
      if (this.#session === undefined) {
        const opened = await this.#openSession(o);
        if (!opened.ok) return this.#fail(opened.error);
        if (this.#closing !== undefined) {
          await opened.value.close();
          return this.#closed();
        }
        this.#session = opened.value;
      }
      return this.#enter(o.zone, o.room, o.signal);
    });
  }

  /**
   * Leaves the current zone's group and joins `zone`'s with the same session (with quadtree
   * groups: at `position`).
   */
  switchZone(
    zone: ZoneDef,
    room?: AnyDef,
    signal?: AbortSignal,
    position?: { readonly x: number; readonly y: number },
  ): Promise<Result<AnyZoneRoom, P2PJoinError>> {
    return this.#serial(async () => {
      if (this.#closing !== undefined) return this.#closed();
      const def = room ?? this.#def;
      if (this.#session === undefined || def === undefined) {
        return this.#fail(
          new P2PJoinError(
            'join-failed',
            'plugin',
            'switchZone() before a successful join(): call this.p2p.join() first.',
          ),
        );
      }
      this.#error = undefined;
      this.#setPhase(P2PPhase.Switching);
      await this.#leaveRoom();
      return this.#enter(zone, def, signal, position);
    });
  }

  /** Leaves the zone's group; the session stays open for a later join or switch. */
  leave(): Promise<void> {
    return this.#serial(async () => {
      await this.#leaveRoom();
      if (this.#closing === undefined) this.#setPhase(P2PPhase.Left);
    }).then(() => undefined);
  }

  /**
   * The page is going away (`pagehide`): closes the session's links at once, before the page is
   * torn down, then closes the rest as {@link close} does. There is no time for a goodbye through
   * the rounds, but the links closing tell every member within a round trip, so the group goes on
   * without waiting out the missing player's messages (a killed page's links only time out after
   * seconds). Idempotent.
   */
  abandon(): void {
    this.#abort.abort(new P2PJoinError(P2PJoinErrorCode.Closed, 'plugin', 'The page was closed.'));
    // Session.close() closes the transport before its first await, so within this call.
    void this.#closeSession();
    void this.close();
  }

  /** Leaves the room and closes the session (the game is destroyed). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#abort.abort(new P2PJoinError(P2PJoinErrorCode.Closed, 'plugin', 'The game was closed.'));
      await this.#chain.catch(() => undefined);
      await this.#leaveRoom();
      await this.#closeSession();
      this.#uninstallDebug?.();
      this.#uninstallDebug = undefined;
      this.#setPhase(P2PPhase.Closed);
      this.events.clear();
    })();
    return this.#closing;
  }

  /** The debug handle's source. */
  debugSource(): DebugSource {
    return {
      playerId: () => this.#session?.playerId,
      name: () => this.#session?.name ?? this.#options?.name,
      phase: () => this.#phase,
      progress: () => this.#progress,
      error: () => this.#error,
      status: () => this.#room?.status,
      info: () => this.#room?.info(),
      entities: () => Object.assign({}, ...[...this.#providers].map((p) => p.entities())),
      positionsAt: (round) => this.#history.at(round),
      decidedRounds: () => this.#history.rounds(),
      items: () => this.#room?.items.list() ?? [],
      peers: () => this.#session?.peers() ?? [],
      counters: () => ({
        session: this.#session?.counters() ?? {},
        zone: { ...(this.#room?.info().counters ?? {}), ...speculationCounters(this.#room) },
        plugin: this.#pluginCounters(),
      }),
      overlayVisible: () => this.#overlayVisible,
      crypto: () => sessionCrypto(this.#session),
    };
  }

  #pluginCounters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.#providers) {
      for (const [k, v] of Object.entries(p.counters())) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  }

  #installDebug(): void {
    if (this.#uninstallDebug !== undefined) return;
    this.#uninstallDebug = installDebugHandle(this.#deps.debugTarget ?? globalThis, this.debugSource());
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(op, op);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  #signal(user: AbortSignal | undefined): AbortSignal {
    if (user === undefined) return this.#abort.signal;
    return AbortSignal.any([this.#abort.signal, user]);
  }

  #step(step: JoinStep): void {
    this.#progress.push(step);
    this.events.emit('progress', step);
  }

  #setPhase(phase: P2PPhase): void {
    if (this.#phase === phase) return;
    this.#phase = phase;
    this.events.emit('phase', phase);
  }

  #closed(): Result<AnyZoneRoom, P2PJoinError> {
    return err(new P2PJoinError(P2PJoinErrorCode.Closed, 'plugin', 'The game was closed.'));
  }

  #fail(error: P2PJoinError): Result<AnyZoneRoom, P2PJoinError> {
    this.#error = error;
    this.#setPhase(P2PPhase.Error);
    this.events.emit('error', error);
    return err(error);
  }

  async #openSession(o: AnyJoinOptions): Promise<Result<Session, P2PJoinError>> {
    const options: SessionOptions = {
      name: o.name,
      ...pick(o, ['authorityUrl', 'keyStore', 'openTransport', 'iceServers', 'clock', 'rng', 'fetch', 'dht']),
      ...pick(o, ['bootstrapIntervalMs']),
      onProgress: (step) => this.#step(step),
      signal: this.#signal(o.signal),
    };
    try {
      const r = await this.#deps.openSession(options);
      if (r.ok) return r;
      return err(new P2PJoinError(r.error.code, 'session', r.error.message, { cause: r.error }));
    } catch (error) {
      if (isOptionError(error)) throw error;
      return err(internal('opening the session', error));
    }
  }

  async #enter(
    zone: ZoneDef,
    def: AnyDef,
    signal: AbortSignal | undefined,
    position?: { readonly x: number; readonly y: number },
  ): Promise<Result<AnyZoneRoom, P2PJoinError>> {
    const session = this.#session!;
    const o = this.#options;
    const options: JoinZoneOptions<object, Record<string, unknown>> = {
      zone,
      room: def,
      ...(o === undefined ? {} : pick(o, ['roundMs', 'k', 'neo', 'items', 'discoveryTimeoutMs', 'testHooks'])),
      onProgress: (step) => this.#step(step),
      signal: this.#signal(signal),
    };
    let r: Result<AnyZoneRoom, ZoneError>;
    const groups = o?.groups;
    try {
      if (groups === undefined) r = await this.#deps.joinZone(session, options);
      else {
        const joinGroups = this.#deps.joinZoneGroups;
        if (joinGroups === undefined) {
          return this.#fail(new P2PJoinError('join-failed', 'plugin', 'This build has no quadtree groups (`groups`).'));
        }
        // A zone switch starts where the door leads; the first join where the game said.
        const at = position ?? (zone.name === o?.zone.name ? groups.position : undefined);
        r = await joinGroups(session, {
          ...options,
          groups: { ...groups, ...(at === undefined ? {} : { position: at }) },
        });
      }
    } catch (error) {
      if (isOptionError(error)) throw error;
      return this.#fail(internal(`entering zone "${zone.name}"`, error));
    }
    if (!r.ok) {
      const message = `Could not enter zone "${zone.name}": ${r.error.message}`;
      return this.#fail(new P2PJoinError(r.error.code, 'zone', message, { cause: r.error }));
    }
    if (this.#closing !== undefined) {
      await r.value.leave();
      return this.#closed();
    }
    this.#room = r.value;
    this.#def = def;
    this.#history.clear();
    this.#setPhase(P2PPhase.Joined);
    this.events.emit('room', r.value);
    this.events.emit('joined', r.value);
    return ok(r.value);
  }

  async #leaveRoom(): Promise<void> {
    const room = this.#room;
    if (room === undefined) return;
    this.#room = undefined;
    this.#history.clear();
    this.events.emit('room', undefined);
    try {
      await room.leave();
    } catch {
      // leave() is documented not to fail; a throw here must not stop closing.
    }
  }

  async #closeSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    try {
      await session?.close();
    } catch {
      // As above: closing goes on.
    }
  }
}
