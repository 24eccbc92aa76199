import type { AuthorityClient } from '../auth/client';
import type { PlayerCredentials } from '../auth/player';
import type { BanChecker } from '../dht/directory/ban-checker';
import type { CertDirectory } from '../dht/directory/cert-directory';
import type { PeerDirectory } from '../peers/directory';
import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from '../zone/context';

/** The steps of {@link openSession}, in order; `onProgress` hears each as it begins. */
export const SessionStep = {
  /** Loading (or making and storing) the player's key ring. */
  Keys: 'keys',
  /** Measuring the authority's clock and registering the name. */
  Registration: 'registration',
  /** Opening the player's transport on the signalling server. */
  Signalling: 'signalling',
  /** Joining the DHT through the authority and publishing our certificates. */
  Dht: 'dht',
} as const;
/** One of {@link SessionStep}'s values. */
export type SessionStep = (typeof SessionStep)[keyof typeof SessionStep];

/** What the session knows of one other player. */
export interface SessionPeer {
  readonly id: PeerId;
  /** The certified name once verified (or found in the DHT), else `null`. */
  readonly name: string | null;
  /** Its hello checked out against the pinned authority key on the current link (and it is not banned). */
  readonly verified: boolean;
  /** A transport link is open. */
  readonly connected: boolean;
  /** Where its certificates were first verified from: a DHT lookup or its hello. */
  readonly certSource?: 'dht' | 'hello';
  /** The certified name a DHT lookup returned. */
  readonly dhtName?: string;
  /** An authority ban of this player is known: its messages are dropped. */
  readonly banned: boolean;
}

/** A note from a verified, unbanned peer (its signature checked out). */
export interface SessionNote {
  readonly from: PeerId;
  /** The sender's certified name. */
  readonly name: string;
  readonly text: string;
  /** The sender's timestamp (authority-synchronised ms). */
  readonly at: number;
}

/** Events of a {@link Session}. Handlers must not throw (a throwing handler is isolated). */
export interface SessionEvents {
  /** A peer's entry changed (see {@link Session.peers}). */
  peer: (peer: SessionPeer) => void;
  /** A ban of `id` was learnt (reported proof, DHT check). */
  banned: (id: PeerId) => void;
  /** A verified note arrived. */
  note: (note: SessionNote) => void;
}

/**
 * A player's open session: registered with the authority, on the network, handshaking with
 * peers, in the DHT. It is the {@link ZonePeerContext} the zone layer runs on.
 */
export interface Session extends ZonePeerContext {
  /** The player's name, as registered. */
  readonly name: string;
  /** True when the key store already held a ring for this name (the certificates were renewed). */
  readonly returning: boolean;
  /** The authority's public key, pinned for every certificate check. */
  readonly authorityKey: Uint8Array;
  /** The player's certificates. */
  readonly credentials: PlayerCredentials;
  /** The authority's HTTP client (pinned to `authorityKey`). */
  readonly authority: AuthorityClient;
  /** The hello handshake and signed notes (`sendNote`). */
  readonly directory: PeerDirectory;
  /** Certificates through the DHT. */
  readonly certs: CertDirectory;
  /** Ban checks through the DHT. */
  readonly bans: BanChecker;
  /** Every peer the session knows: connected, verified by hello, found in the DHT, or banned. */
  peers(): readonly SessionPeer[];
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof SessionEvents>(event: E, fn: SessionEvents[E]): () => void;
  /**
   * Flat numeric counters: the handshake (`hellosRefused`, `refused.<reason>`, ...), the wire
   * decoder (`wireAccepted`, `wireDropped`), DHT trust (`dhtLookups`, `banChecks`, ...), the
   * linker, the ban gate (`bannedDropped`), `dhtJoined` / `dhtPublished` (0 or 1), and proofs
   * (`proofsSubmitted`, `proofsAccepted`, `proofsFailed`).
   */
  counters(): Record<string, number>;
  /** Round-trip time to a connected peer when measured (DHT pings every few seconds), ms. */
  rttTo(id: PeerId): number | undefined;
  /** Stops the DHT node, the handshake, the timers, and closes the transport. Idempotent. */
  close(): Promise<void>;
}
