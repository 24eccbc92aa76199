/**
 * Test helpers of the session: a real authority server (HTTP on 127.0.0.1, no WebRTC) whose
 * clock reads virtual time, players' transports on one {@link SimNetwork}, a stand-in for the
 * authority's DHT node on that same network (the real one speaks WebRTC), and a driver that
 * holds virtual time still while real asynchronous work is in flight (HTTP requests, WebCrypto
 * signatures) and otherwise jumps from timer to timer, so every run sees the same virtual times.
 */
import type { Cert } from '../auth/cert';
import { parseCertBody } from '../auth/cert';
import { playerIdFromSignKey } from '../auth/player';
import type { AuthorityServer } from '../authority/options';
import { removeDir, startTestServer } from '../authority/testing';
import type { Clock, TimerHandle } from '../clock/clock';
import { VirtualClock } from '../clock/virtual-clock';
import { createEd25519 } from '../crypto/create';
import type { Ed25519 } from '../crypto/ed25519';
import { generateKeyRing } from '../crypto/keyring';
import { createSigner } from '../crypto/signer';
import { nodeIdFromSignKey } from '../dht/ids';
import { peerDirectoryAuthenticator } from '../dht/network/authenticator';
import { DhtNode } from '../dht/node';
import { banRecord } from '../dht/records/validators/ban';
import { PeerDirectory } from '../peers/directory';
import { SeededRng } from '../rng/rng';
import { SimNetwork } from '../transport/sim/sim-network';
import type { SimTransport } from '../transport/sim/sim-transport';
import { TransportError, TransportErrorCode } from '../transport/transport';
import { err, ok } from '../util/result';
import { memoryKeyStore } from './key-store-memory';
import type { OpenTransport, SessionOptions } from './options';

/** Virtual start time: a realistic epoch, so certificate times look like real ones. */
export const T0 = 1_750_000_000_000;
/** The authority's clock runs this far ahead of the players' base clocks (the session must measure it). */
export const AUTHORITY_AHEAD_MS = 5_000;
const YEAR = 365 * 24 * 3600 * 1000;

/** A clock over another that counts the timers still pending through it. */
export class CountingClock implements Clock {
  readonly #base: Clock;
  readonly #live = new Map<number, TimerHandle>();
  #seq = 0;

  constructor(base: Clock) {
    this.#base = base;
  }

  /** Timers set through this clock that neither fired nor were cleared. */
  get pending(): number {
    return this.#live.size;
  }

  now(): number {
    return this.#base.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.#seq;
    this.#live.set(
      id,
      this.#base.setTimeout(() => {
        this.#live.delete(id);
        fn();
      }, ms),
    );
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle !== 'number') return;
    const inner = this.#live.get(handle);
    if (inner === undefined) return;
    this.#live.delete(handle);
    this.#base.clearTimeout(inner);
  }
}

/** The stand-in for the authority's DHT node, on the players' network. */
export interface SimAuthorityDht {
  readonly id: string;
  readonly node: DhtNode;
  /** Bans `playerId` at the authority and publishes the ban into the DHT, as the real node does. */
  ban(playerId: string, reason: string): Promise<Cert>;
}

const realTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Everything a session test runs on. */
export class SessionWorld {
  readonly net: SimNetwork;
  /** Ids of players whose transport opened, most recent last (the signalling server's list). */
  readonly online: string[] = [];
  readonly #inflight = new Set<Promise<unknown>>();
  /** Ed25519 (WebCrypto) whose operations are tracked: virtual time stands still while one runs. */
  readonly ed: Ed25519;
  #authorityDht: SimAuthorityDht | undefined;
  #stops: (() => void)[] = [];

  private constructor(
    /** Virtual time: the players' base clocks, the network and the authority all read it. */
    readonly clock: VirtualClock,
    /** The authority's clock: virtual time, {@link AUTHORITY_AHEAD_MS} ahead. */
    readonly authorityClock: Clock,
    readonly server: AuthorityServer,
    readonly dataDir: string,
    realEd: Ed25519,
  ) {
    this.ed = {
      backend: realEd.backend,
      sign: (secretKey, message) => this.#track(realEd.sign(secretKey, message)),
      verify: (publicKey, message, signature) => this.#track(realEd.verify(publicKey, message, signature)),
    };
    this.net = new SimNetwork({ clock, seed: 7, latency: 20 });
  }

  /** Starts an authority server (and, with `dht`, the stand-in of its DHT node). */
  static async create(options: { dht?: boolean } = {}): Promise<SessionWorld> {
    const clock = new VirtualClock(T0);
    const authorityClock: Clock = {
      now: () => clock.now() + AUTHORITY_AHEAD_MS,
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
      clearTimeout: (h) => clock.clearTimeout(h),
    };
    const { server, dataDir } = await startTestServer({
      clock: authorityClock,
      dht: false,
      rateLimit: { accountsPerWindow: 1000, windowMs: 60_000 },
    });
    const world = new SessionWorld(clock, authorityClock, server, dataDir, await createEd25519());
    if (options.dht) world.#authorityDht = await world.#startAuthorityDht();
    return world;
  }

  /** The stand-in authority DHT node (only when created with `dht: true`). */
  get authorityDht(): SimAuthorityDht {
    if (this.#authorityDht === undefined) throw new Error('this world has no authority DHT node');
    return this.#authorityDht;
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#inflight.add(p);
    void p.then(
      () => this.#inflight.delete(p),
      () => this.#inflight.delete(p),
    );
    return p;
  }

  /** Fetch for the authority client: tracked (time stands still meanwhile), and `/api/bootstrap` lists {@link online} players. */
  readonly fetch: typeof fetch = (input, init) => {
    const p = (async () => {
      const res = await globalThis.fetch(input, init);
      let text = await res.text();
      if (String(input).endsWith('/api/bootstrap') && res.ok) {
        const json = JSON.parse(text) as { peers: string[] };
        json.peers = [...json.peers, ...[...this.online].reverse().filter((id) => !json.peers.includes(id))];
        text = JSON.stringify(json);
      }
      return new Response(text, { status: res.status, headers: res.headers });
    })();
    return this.#track(p);
  };

  /** Opens a player's transport on the network; an id still live is refused like PeerJS does. */
  readonly openTransport: OpenTransport = async (playerId, signal) => {
    if (signal?.aborted) return err(new TransportError(TransportErrorCode.Aborted, 'aborted'));
    let t: SimTransport;
    try {
      t = this.net.createPeer(playerId);
    } catch (cause) {
      return err(
        new TransportError(TransportErrorCode.Network, `id "${playerId}" is taken`, {
          cause: { type: 'unavailable-id', cause },
        }),
      );
    }
    this.online.push(playerId);
    return ok(t);
  };

  /** Session options for `name` on this world (a fresh memory key store and counting clock unless given). */
  options(name: string, extra: Partial<SessionOptions> = {}): SessionOptions & { clock: CountingClock } {
    return {
      name,
      authorityUrl: this.server.url,
      keyStore: memoryKeyStore(),
      openTransport: this.openTransport,
      fetch: this.fetch,
      rng: new SeededRng(name),
      ed: this.ed,
      ...extra,
      clock: extra.clock instanceof CountingClock ? extra.clock : new CountingClock(this.clock),
    };
  }

  /** Runs virtual time until `promise` settles. */
  async settle<T>(promise: Promise<T>, maxMs = 60_000): Promise<T> {
    let done = false;
    void promise.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    await this.#runWhile(() => !done, this.clock.now() + maxMs, 'promise did not settle');
    return promise;
  }

  /** Runs virtual time until `condition()` holds. */
  runUntil(condition: () => boolean, maxMs = 30_000): Promise<void> {
    return this.#runWhile(() => !condition(), this.clock.now() + maxMs, 'condition not reached');
  }

  /** Runs `ms` of virtual time. */
  async run(ms: number): Promise<void> {
    const end = this.clock.now() + ms;
    await this.#runWhile(() => true, end);
  }

  /** Stops the authority DHT stand-in and the server; removes the data directory. */
  async close(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop();
    await this.server.close();
    removeDir(this.dataDir);
  }

  /**
   * Fires timers in order while `going()` holds, up to virtual time `end` (then throws with
   * `what`, or returns when `what` is absent). Before each timer, real work in flight is awaited
   * and the event loop gets a turn, so promise continuations run at the virtual time they belong to.
   */
  async #runWhile(going: () => boolean, end: number, what?: string): Promise<void> {
    for (;;) {
      await realTurn();
      if (this.#inflight.size > 0) {
        await Promise.allSettled([...this.#inflight]);
        continue;
      }
      if (!going()) return;
      const next = this.clock.nextAt();
      if (next === undefined || next > end) {
        this.clock.runUntil(end);
        if (what === undefined) return;
        throw new Error(`${what} by virtual time ${end - T0} (${next === undefined ? 'no timer left' : 'time is up'})`);
      }
      this.clock.runUntil(next);
    }
  }

  async #startAuthorityDht(): Promise<SimAuthorityDht> {
    const { server, ed, authorityClock: clock } = this;
    const ring = generateKeyRing();
    const id = playerIdFromSignKey(ring.sign.publicKey);
    const credentials = {
      key: await server.issue({ t: 'key', id, exp: Math.floor(clock.now()) + YEAR }),
      identity: await server.issue({
        t: 'pk',
        id,
        name: 'authority-dht',
        sign: ring.sign.publicKey,
        box: ring.box.publicKey,
      }),
    };
    const transport = this.net.createPeer(id);
    const directory = new PeerDirectory({
      transport,
      clock,
      ed,
      gameId: server.gameId,
      authorityKey: server.publicKey,
      self: { id, credentials, signer: await createSigner(ed, ring.sign) },
    });
    directory.start();
    const node = new DhtNode({
      transport,
      clock,
      nodeId: nodeIdFromSignKey(ring.sign.publicKey),
      authenticator: peerDirectoryAuthenticator(directory),
      ed,
      authorityKey: server.publicKey,
      archive: true,
    });
    node.start();
    server.setOwnPeerId(id);
    this.#stops.push(() => {
      node.stop();
      directory.stop();
      void transport.close();
    });
    return {
      id,
      node,
      async ban(playerId, reason) {
        const cert = await server.ban(playerId, reason);
        const body = parseCertBody(cert.body);
        if (!body.ok || body.value.t !== 'ban') throw new Error('the authority issued no ban');
        void node.put(banRecord(cert, body.value)).result;
        return cert;
      },
    };
  }
}
