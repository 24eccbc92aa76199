import { encodeControl } from '../neo/control-codec';
import type { NeoGroup } from '../neo/group';
import { epochOf, majority, reportLag } from '../neo/schedule';
import type { PeerId, Transport } from '../transport/transport';
import { encodeMessage } from '../wire/envelope';
import { encodeRoundBody } from '../wire/messages/neo-round-layout';
import type { NeoDecidedWire } from '../wire/messages/neo-sync';
import { MessageType } from '../wire/types';
import type { CellComposite } from './cell-composite';

/** Most observers one member feeds (an observer turned away asks another member). */
export const MAX_SUBSCRIBERS = 16;
/**
 * Observers are sent the signed reports of every this many rounds (a multiple of NEO's report
 * period): each check covers every round before it, so sparse checks cost a little delay in
 * what is checked (not in what is shown) and save most of the bytes of the reports.
 */
export const CHECK_EVERY = 16;

/** One bit per member (accepted) and one more (quorate), as a repair packs them. */
export function packMask(bits: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7);
  });
  return out;
}

/** A test adversary's hook: change what one decided round looks like before it is sent. */
export type FeedTamper = (d: NeoDecidedWire) => NeoDecidedWire;

/**
 * The member side of observation: a member feeds the observers that asked it (`grpObserve`) a
 * snapshot, then every decided round as it applies it, and, for every reported round, the signed
 * round messages of a majority of members that report its state hash. The observer believes
 * none of it until the hashes check out, so one feeder can delay an observer but never fool it.
 */
export class ObserverFeed {
  readonly #subscribers = new Set<PeerId>();
  /** Report rounds whose signed reports are still to be sent. */
  readonly #pending = new Set<number>();
  /** Test builds only. */
  tamper: FeedTamper | undefined;
  /** Bytes sent to observers (for the simulation's figures). */
  bytesSent = 0;

  constructor(
    readonly tag: number,
    readonly transport: Transport,
    readonly neo: NeoGroup,
    readonly composite: CellComposite,
  ) {}

  /** Observers being fed. */
  get subscribers(): readonly PeerId[] {
    return [...this.#subscribers];
  }

  /** An observer asks to start (`on`) or stop. Refused (not added) beyond {@link MAX_SUBSCRIBERS}. */
  onObserve(from: PeerId, on: boolean): void {
    if (!on) {
      this.#subscribers.delete(from);
      return;
    }
    if (this.#subscribers.has(from) || this.#subscribers.size >= MAX_SUBSCRIBERS) return;
    const round = this.neo.appliedRound;
    if (round === undefined) return;
    this.#subscribers.add(from);
    const snapshot: [number, Uint8Array, Uint8Array] = [
      round,
      this.composite.snapshot(),
      encodeControl(this.neo.control),
    ];
    this.#send(from, [], [], snapshot);
  }

  /** After we applied `round`: send it, and any signed reports that are now complete. */
  afterApplied(round: number): void {
    if (this.#subscribers.size === 0) return;
    const d = this.neo.decision(round);
    if (d === undefined) return;
    let decided: NeoDecidedWire = [round, d.epoch, packMask([...d.accepted, d.quorate]), [...d.plaintexts], d.seed];
    if (this.tamper !== undefined) decided = this.tamper(decided);
    if (round % CHECK_EVERY === 0) this.#pending.add(round);
    const proofs = this.#reports(round);
    for (const to of this.#subscribers) this.#send(to, [decided], proofs, null);
  }

  /** Signed messages of a majority reporting each pending round's hash, once they are all in. */
  #reports(applied: number): [number, Uint8Array][] {
    const out: [number, Uint8Array][] = [];
    const schedule = this.neo.control.schedule;
    for (const h of [...this.#pending].sort((a, b) => a - b)) {
      const e = epochOf(schedule, h);
      if (e === undefined || applied - h > 64) {
        this.#pending.delete(h);
        continue;
      }
      const c = h + reportLag(epochOf(schedule, h + reportLag(e)) ?? e);
      const carrier = epochOf(schedule, c) ?? e;
      const bodies = this.neo.signedMessages(c).filter((b) => b !== undefined && b[6] !== null);
      if (bodies.length < majority(carrier.members.length)) continue;
      this.#pending.delete(h);
      for (const b of bodies) {
        const packed = encodeRoundBody(b!);
        if (packed.ok) out.push([c, packed.value]);
      }
    }
    return out;
  }

  #send(
    to: PeerId,
    rounds: NeoDecidedWire[],
    proofs: [number, Uint8Array][],
    snapshot: [number, Uint8Array, Uint8Array] | null,
  ): void {
    const bytes = encodeMessage(MessageType.grpFeed, [this.tag, rounds, proofs, snapshot]);
    this.bytesSent += bytes.length;
    this.transport.send(to, bytes);
  }
}
