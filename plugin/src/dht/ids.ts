import { hash32 } from '../crypto';
import type { Rng } from '../rng';
import type { PeerId } from '../transport/transport';

/** Bytes of a node id or record key (256 bits). */
export const ID_BYTES = 32;
/** Bytes of a node id that form the player id (its lowercase hex is the peer id). */
export const PEER_ID_PREFIX_BYTES = 16;

/** A 256-bit Kademlia id: a node id (`hash32(signPublicKey)`) or a record key (`hash32(typedKey)`). */
export type NodeId = Uint8Array;

const encoder = new TextEncoder();

/** The node id of a player: the first 32 bytes of SHA-512 of its Ed25519 public key. */
export function nodeIdFromSignKey(signPublicKey: Uint8Array): NodeId {
  return hash32(signPublicKey);
}

/**
 * The peer id (player id) a node id belongs to: hex of its first 16 bytes. Because the player
 * id is hex(SHA-512(key)[0..16]) and the node id is SHA-512(key)[0..32], the id's high-order
 * 128 bits, which dominate XOR distance, are bound to the authenticated peer.
 */
export function peerIdOfNodeId(nodeId: NodeId): PeerId {
  return hexOf(nodeId, PEER_ID_PREFIX_BYTES);
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of the first `length` bytes (a table lookup per byte: this runs for every contact). */
export function hexOf(bytes: Uint8Array, length = bytes.length): string {
  let s = '';
  for (let i = 0; i < length; i++) s += HEX[bytes[i]!]!;
  return s;
}

/** Whether `nodeId` may belong to `peerId`: 32 bytes whose first 16 are the peer id's hex. */
export function isConsistentNodeId(peerId: PeerId, nodeId: Uint8Array): boolean {
  if (nodeId.length !== ID_BYTES || peerId.length !== PEER_ID_PREFIX_BYTES * 2) return false;
  return peerIdOfNodeId(nodeId) === peerId;
}

/** The DHT key of a typed record key such as `cert:<playerId>`: hash32 of its UTF-8 bytes. */
export function recordKey(typedKey: string): Uint8Array {
  return hash32(encoder.encode(typedKey));
}

const keyMemo = new Map<string, Uint8Array>();

/** {@link recordKey}, memoised for hot paths (every validated record); the result must not be mutated. */
export function recordKeyShared(typedKey: string): Uint8Array {
  let key = keyMemo.get(typedKey);
  if (key === undefined) {
    if (keyMemo.size >= 8192) keyMemo.clear();
    key = recordKey(typedKey);
    keyMemo.set(typedKey, key);
  }
  return key;
}

/**
 * Orders `a` and `b` by XOR distance to `target`: negative when `a` is closer, positive when
 * `b` is, 0 when equal.
 */
export function compareDistance(a: Uint8Array, b: Uint8Array, target: Uint8Array): number {
  for (let i = 0; i < ID_BYTES; i++) {
    const t = target[i]!;
    const da = a[i]! ^ t;
    const db = b[i]! ^ t;
    if (da !== db) return da - db;
  }
  return 0;
}

/** Number of leading bits `a` and `b` share (256 when equal). */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < ID_BYTES; i++) {
    const x = a[i]! ^ b[i]!;
    if (x !== 0) return i * 8 + Math.clz32(x) - 24;
  }
  return ID_BYTES * 8;
}

/** A random id sharing exactly `cpl` leading bits with `self` (for bucket refresh). */
export function randomIdWithPrefix(self: Uint8Array, cpl: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(ID_BYTES);
  for (let i = 0; i < ID_BYTES; i++) out[i] = rng.int(256);
  const full = cpl >> 3;
  for (let i = 0; i < full; i++) out[i] = self[i]!;
  if (full < ID_BYTES) {
    const bit = cpl & 7;
    const keep = (0xff00 >> bit) & 0xff; // the `bit` high bits of this byte
    const flip = 0x80 >> bit;
    const s = self[full]!;
    out[full] = (s & keep) | (~s & flip) | (out[full]! & ~(keep | flip) & 0xff);
  }
  return out;
}

/** Lowercase hex of a key, for maps. */
export function keyHex(key: Uint8Array): string {
  return hexOf(key);
}
