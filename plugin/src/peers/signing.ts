/**
 * The exact bytes the handshake signs: canonical msgpack arrays that bind the message kind, the
 * game, the sender, the recipient and the time, so a signature cannot be replayed to another
 * peer, another game, or (beyond the skew window) later.
 */
import type { PeerId } from '../transport/transport';
import { encodeCanonical } from '../wire';

/** Bytes a hello's `sig` covers: `["hello", gameId, from, to, at]`. */
export function helloSigningBytes(gameId: string, from: PeerId, to: PeerId, at: number): Uint8Array {
  return encodeCanonical(['hello', gameId, from, to, at]);
}

/** Bytes a note's `sig` covers: `["note", gameId, from, to, at, text]`. */
export function noteSigningBytes(gameId: string, from: PeerId, to: PeerId, at: number, text: string): Uint8Array {
  return encodeCanonical(['note', gameId, from, to, at, text]);
}
