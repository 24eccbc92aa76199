import type { Clock } from '../clock/clock';
import type { Ed25519 } from '../crypto/ed25519';
import type { Rng } from '../rng/rng';
import type { PeerId, Transport } from '../transport/transport';
import type { NeoPlaintext } from '../wire/messages/neo-common';
import type { NeoRoundBody } from '../wire/messages/neo-round';
import type { RoundFields } from './codec';
import type { NeoConfig } from './config';
import type { GroupContext } from './context';
import type { ReplicatedState } from './replicated-state';
import type { Epoch } from './schedule';

/** Who may be in a group and with which key (certificates, in a real game). */
export interface Membership {
  /** The certified Ed25519 public key of `id`, or undefined when unknown (it cannot join). */
  publicKeyOf(id: PeerId): Uint8Array | undefined;
  /**
   * Whether the transport link from `id` is authenticated (its `hello` verified), so a message
   * arriving on it really comes from `id`. Default: every link is (SimNetwork; PeerJS behind the
   * peer directory). Messages on unauthenticated links are verified before use.
   */
  isAuthenticated?(id: PeerId): boolean;
}

/** Signs with the local player's Ed25519 key (crypto's `Signer` fits). */
export interface NeoSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** How a member enters its group: as a founding member of a known epoch, or by joining through members. */
export type NeoStart = { readonly epoch: Epoch } | { readonly join: { readonly via: readonly PeerId[] } };

/** A round message about to be sent, offered to a test adversary. */
export interface OutgoingRound {
  readonly round: number;
  readonly fields: RoundFields;
  /** The honest, signed body. */
  readonly body: NeoRoundBody;
  readonly recipients: readonly PeerId[];
}

/** What a test adversary may do with an outgoing round. */
export interface HookApi {
  /** Signs arbitrary fields as this member (an equivocating or lying message). */
  sign(fields: RoundFields): Promise<NeoRoundBody>;
  /** Sends raw bytes to one peer (anything at all, e.g. a message tagged for another group). */
  sendRaw(to: PeerId, bytes: Uint8Array): void;
  /** Sends a body to one peer, now or after `delayMs` on the group's clock. */
  send(to: PeerId, body: NeoRoundBody, delayMs?: number): void;
  /** Round messages received so far for `round`, by sender index. */
  received(round: number): readonly (NeoRoundBody | undefined)[];
  /** What we committed to in `round` (secret, plaintext, commitment), if we did. */
  own(
    round: number,
  ): { readonly secret: Uint8Array; readonly plaintext: NeoPlaintext; readonly commit: Uint8Array } | undefined;
  /**
   * Commits to another plaintext for `round` (a fresh secret unless one is given) and remembers
   * it as ours, so later reveals reveal it; returns the new commitment.
   */
  recommit(round: number, plaintext: NeoPlaintext, secret?: Uint8Array): Uint8Array;
  /** The commitment of `plaintext` under `secret` for our `round` (for grinding collisions). */
  commitment(round: number, secret: Uint8Array, plaintext: NeoPlaintext): Uint8Array;
  /** Runs `fn` after `delayMs` on the group's clock (its promise is waited for like our own signing). */
  later(delayMs: number, fn: () => void | Promise<void>): void;
  /** Start of `round` on the group's clock, and the clock's now. */
  roundStart(round: number): number;
  now(): number;
}

/**
 * Hooks that make a member adversarial, for tests (`testing/adversaries.ts`). An honest member
 * has none.
 */
export interface NeoHooks {
  /** Replaces the plaintext committed for `round`. */
  plaintext?(round: number, honest: NeoPlaintext): NeoPlaintext;
  /** Replaces the votes sent on `round`. */
  votes?(round: number, honest: Uint8Array): Uint8Array;
  /** Takes over sending one round: return true when the hook sent (or withheld) it itself. */
  outgoing?(out: OutgoingRound, api: HookApi): boolean;
}

/** Everything `createNeoGroup` needs. */
export interface NeoGroupOptions {
  readonly transport: Transport;
  /** The synchronised clock (all rounds are timed on it). */
  readonly clock: Clock;
  /** Seeded randomness for audits and fetch targets (never for keys). */
  readonly rng: Rng;
  readonly ed: Ed25519;
  readonly signer: NeoSigner;
  /** The group: game, zone, cell. */
  readonly context: GroupContext;
  readonly membership: Membership;
  /** The state NEO replicates (the room). */
  readonly state: ReplicatedState;
  readonly start: NeoStart;
  readonly config?: Partial<NeoConfig>;
  /** Source of reveal secrets; default: crypto `randomBytes`. Tests pass a seeded one. */
  readonly randomBytes?: (n: number) => Uint8Array;
  readonly hooks?: NeoHooks;
  /** Stops the group when aborted. */
  readonly signal?: AbortSignal;
}
