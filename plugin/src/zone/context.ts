import type { Clock } from '../clock/clock';
import type { Ed25519 } from '../crypto/ed25519';
import type { DhtNode } from '../dht/node';
import type { FoundProof } from '../neo/events';
import type { Membership, NeoSigner } from '../neo/options';
import type { Rng } from '../rng/rng';
import type { PeerId, Transport } from '../transport/transport';

/**
 * What the zone layer needs from the player's session (the session module implements it; tests
 * build one over SimNetwork). Everything here is already authenticated: `transport` carries only
 * links whose hello checked out or is being checked, `membership` answers from verified
 * certificates, and `isBanned` from checked ban certificates.
 */
export interface ZonePeerContext {
  /** The local player's id (hex of its signing key's hash, see `auth/player`). */
  readonly playerId: PeerId;
  /** The game's id, as the authority reports it (binds every NEO group to this game). */
  readonly gameId: string;
  /** Links to other players (ban-gated: a banned player's messages never arrive). */
  readonly transport: Transport;
  /** The clock synchronised with the authority and peers: every round is timed on it. */
  readonly clock: Clock;
  /** Seeded randomness for protocol choices (never for keys). */
  readonly rng: Rng;
  readonly ed: Ed25519;
  /** Signs with the player's certified key. */
  readonly signer: NeoSigner;
  /** Certified keys of other players, and whether a link is authenticated. */
  readonly membership: Membership;
  /** The player's DHT node (group records, area records). */
  readonly dht: DhtNode;
  /** Whether `id` holds a checked ban certificate. */
  isBanned(id: PeerId): boolean;
  /** Calls `listener` whenever a player's ban certificate is learnt; returns the unsubscribe function. */
  onBan(listener: (id: PeerId) => void): () => void;
  /**
   * Hands a cheat proof to the session, which submits it to the authority (`POST /api/proofs`)
   * and, once the authority answers with a ban certificate, records the ban (so `onBan` fires).
   */
  reportProof(proof: FoundProof): void;
  /** Round-trip time to a connected player when measured, ms (the debug overlay shows it). */
  rttTo?(id: PeerId): number | undefined;
}
