/**
 * Test helpers for the handshake: a test authority that issues certificates directly (no HTTP),
 * players with key rings, directories on a SimNetwork, and a way to run virtual time while
 * WebCrypto's real asynchronous work completes.
 */
import { issueCert, type PlayerCredentials, playerIdFromSignKey } from '../auth';
import { VirtualClock } from '../clock';
import {
  createEd25519,
  createSigner,
  type Ed25519,
  generateKeyRing,
  generateSignKeyPair,
  type KeyRing,
  type Signer,
  type SignKeyPair,
} from '../crypto';
import { SimNetwork } from '../transport/sim/sim-network';
import type { SimTransport } from '../transport/sim/sim-transport';
import { PeerDirectory } from './directory';
import type { HelloRefusal, NoteDrop, PeerDirectoryOptions, ReceivedNote, VerifiedPeer } from './types';

export const GAME_ID = 'test-game';
/** Virtual start time: a realistic epoch, so certificate expiries look like real ones. */
export const T0 = 1_750_000_000_000;
const DAY = 24 * 3600 * 1000;

export interface World {
  readonly clock: VirtualClock;
  readonly ed: Ed25519;
  readonly authority: SignKeyPair;
  readonly net: SimNetwork;
}

export async function createWorld(seed = 1): Promise<World> {
  const clock = new VirtualClock(T0);
  return {
    clock,
    ed: await createEd25519(),
    authority: generateSignKeyPair(),
    net: new SimNetwork({ clock, seed, latency: 20, jitterMs: 5 }),
  };
}

export interface TestPlayer {
  readonly id: string;
  readonly name: string;
  readonly ring: KeyRing;
  readonly credentials: PlayerCredentials;
  readonly signer: Signer;
}

/** A player certified by `authority` (default: the world's), key certificate expiring at `exp`. */
export async function createPlayer(
  world: World,
  name: string,
  options: { exp?: number; authority?: SignKeyPair; ring?: KeyRing } = {},
): Promise<TestPlayer> {
  const ring = options.ring ?? generateKeyRing();
  const id = playerIdFromSignKey(ring.sign.publicKey);
  const secret = (options.authority ?? world.authority).secretKey;
  const exp = options.exp ?? world.clock.now() + DAY;
  const key = await issueCert(world.ed, secret, { t: 'key', id, exp });
  const identity = await issueCert(world.ed, secret, {
    t: 'pk',
    id,
    name,
    sign: ring.sign.publicKey,
    box: ring.box.publicKey,
  });
  return { id, name, ring, credentials: { key, identity }, signer: await createSigner(world.ed, ring.sign) };
}

/** A directory with everything it emitted recorded. */
export interface Node {
  readonly player: TestPlayer;
  readonly transport: SimTransport;
  readonly dir: PeerDirectory;
  readonly verified: VerifiedPeer[];
  readonly lost: VerifiedPeer[];
  readonly notes: ReceivedNote[];
  readonly refused: { from: string; reason: HelloRefusal }[];
  readonly dropped: { from: string; reason: NoteDrop }[];
}

export function startNode(
  world: World,
  player: TestPlayer,
  extra: Partial<PeerDirectoryOptions> = {},
  transport: SimTransport = world.net.createPeer(player.id),
): Node {
  const dir = new PeerDirectory({
    transport,
    clock: world.clock,
    ed: world.ed,
    gameId: GAME_ID,
    authorityKey: world.authority.publicKey,
    self: player,
    ...extra,
  });
  const node: Node = { player, transport, dir, verified: [], lost: [], notes: [], refused: [], dropped: [] };
  dir.on('verified', (p) => node.verified.push(p));
  dir.on('lost', (p) => node.lost.push(p));
  dir.on('note', (n) => node.notes.push(n));
  dir.on('refused', (from, reason) => node.refused.push({ from, reason }));
  dir.on('dropped', (from, reason) => node.dropped.push({ from, reason }));
  dir.start();
  return node;
}

const realTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Advances virtual time by `ms` in `step` increments, giving real asynchronous work (WebCrypto
 * runs off the main thread) a turn at every step.
 */
export async function run(world: World, ms: number, step = 5): Promise<void> {
  const end = world.clock.now() + ms;
  while (world.clock.now() < end) {
    await world.clock.tick(Math.min(step, end - world.clock.now()));
    await realTurn();
  }
}

/** Runs virtual time until `done()` holds; fails after `maxMs` of virtual time. */
export async function runUntil(world: World, done: () => boolean, maxMs = 5_000, step = 5): Promise<void> {
  const end = world.clock.now() + maxMs;
  while (!done()) {
    if (world.clock.now() >= end) throw new Error(`condition not reached within ${maxMs} virtual ms`);
    await run(world, step, step);
  }
  // Let in-flight checks of the same turn finish too.
  for (let i = 0; i < 3; i++) await realTurn();
}
