import type { Clock } from '../clock/clock';
import type { Ed25519 } from '../crypto/ed25519';
import { hash32 } from '../crypto/hash';
import { combinedHash } from '../neo/applier';
import { fromBody, signingPayload } from '../neo/codec';
import type { NeoConfig } from '../neo/config';
import type { GroupContext } from '../neo/context';
import { applyControl, type ControlState, inputOf } from '../neo/control';
import { decodeControl, encodeControl } from '../neo/control-codec';
import type { DecidedRound } from '../neo/replicated-state';
import { epochOf, majority, reportRoundOf, revealRoundOf, roundStart } from '../neo/schedule';
import type { PeerId } from '../transport/transport';
import { bytesEqual, toHex } from '../util/bytes';
import type { GrpFeedBody } from '../wire/messages/grp-feed';
import { decodeRoundBody } from '../wire/messages/neo-round-parse';
import type { NeoDecidedWire } from '../wire/messages/neo-sync';
import type { CellComposite } from './cell-composite';

/** Hash bytes members report (NEO's `REPORT_BYTES`). */
const REPORT_BYTES = 8;
/** Rounds of hashes and reports kept. */
const KEEP = 256;

/** What an observer needs around it. */
export interface ObserverEnv {
  readonly clock: Clock;
  readonly ed: Ed25519;
  readonly config: NeoConfig;
  /** The observed group's NEO context (signatures bind it). */
  readonly context: GroupContext;
  publicKeyOf(id: PeerId): Uint8Array | undefined;
  /** Asks `feeder` to start (`on`) or stop feeding us. */
  ask(feeder: PeerId, on: boolean): void;
}

/** Counters of one observer. */
export interface ObserverCounters {
  applied: number;
  checked: number;
  /** Feeds refused: the majority's signed hashes said the feeder's rounds were not the group's. */
  rejected: number;
  /** Reports whose signature did not verify (never counted). */
  badSignatures: number;
  /** Messages from someone who is not our feeder (ignored). */
  strangers: number;
}

/**
 * The observer side of observation: a non-member replica of one leaf group. It applies the
 * decided rounds one feeder sends (provisionally, so what it shows is at most a round trip
 * behind), and checks them: every reported round, the feeder must relay the signed round
 * messages of a majority of the members reporting their state hash for it; the observer verifies
 * each signature against the member's certified key and compares the hash with its own. A
 * match makes everything up to that round **checked**; a majority for another hash means the
 * feeder made something up: the observer goes back to its last checked state, drops that feeder
 * and asks another member. It never sends a round message: it never votes.
 */
export class CellObserver {
  readonly counters: ObserverCounters = { applied: 0, checked: 0, rejected: 0, badSignatures: 0, strangers: 0 };
  #control: ControlState | undefined;
  #applied: number | undefined;
  #checked = -1;
  #checkpoint: { round: number; state: Uint8Array; control: Uint8Array } | undefined;
  readonly #hashes = new Map<number, Uint8Array>();
  /** States after recent report rounds (one becomes the checkpoint once checked). */
  readonly #snaps = new Map<number, { state: Uint8Array; control: Uint8Array }>();
  readonly #reports = new Map<number, Map<PeerId, Uint8Array>>();
  readonly #queue = new Map<number, NeoDecidedWire>();
  readonly #refused = new Set<PeerId>();
  #feeder: PeerId | undefined;
  #members: readonly PeerId[];
  #stopped = false;
  /** Called after each round applied here (provisionally), and each check. */
  onApplied: ((round: number, at: number) => void) | undefined;
  onChecked: ((round: number, at: number) => void) | undefined;

  constructor(
    readonly cell: string,
    readonly groupId: string,
    readonly tag: number,
    readonly composite: CellComposite,
    readonly env: ObserverEnv,
    members: readonly PeerId[],
  ) {
    this.#members = members;
  }

  /** The member feeding us. */
  get feeder(): PeerId | undefined {
    return this.#feeder;
  }

  /** The group's members as of the last round applied here (empty before the first). */
  members(): readonly PeerId[] {
    const c = this.#control;
    if (c === undefined || this.#applied === undefined) return [];
    return epochOf(c.schedule, this.#applied)?.members ?? [];
  }

  /** The last round applied here (provisional), and the last one checked. */
  get appliedRound(): number | undefined {
    return this.#applied;
  }

  get checkedRound(): number {
    return this.#checked;
  }

  /** Starts: asks the first member (in our preference order) that has not failed us. */
  start(members?: readonly PeerId[]): void {
    if (members !== undefined) this.#members = members;
    if (this.#stopped || this.#feeder !== undefined) return;
    const order = [...this.#members].filter((m) => !this.#refused.has(m));
    if (order.length === 0) this.#refused.clear();
    const pick = order[0] ?? this.#members[0];
    if (pick === undefined) return;
    this.#feeder = pick;
    this.env.ask(pick, true);
  }

  /** Stops observing (tells the feeder). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#feeder !== undefined) this.env.ask(this.#feeder, false);
  }

  /** A feed message. Returns a promise that settles once its reports are checked. */
  async onFeed(from: PeerId, body: GrpFeedBody): Promise<void> {
    if (this.#stopped) return;
    if (from !== this.#feeder) {
      this.counters.strangers++;
      return;
    }
    const [, rounds, proofs, snapshot] = body;
    if (snapshot !== null && !this.#restore(snapshot[0], snapshot[1], snapshot[2])) {
      this.#reject();
      return;
    }
    for (const d of rounds) this.#queue.set(d[0], d);
    this.#drain();
    if (proofs.length > 0) await this.#verify(from, proofs);
  }

  #restore(round: number, state: Uint8Array, control: Uint8Array): boolean {
    const c = decodeControl(control);
    if (!c.ok) return false;
    const r = this.composite.restore(state, round);
    if (!r.ok) return false;
    this.#control = c.value;
    this.#applied = round;
    this.#hashes.clear();
    this.#snaps.clear();
    this.#hashes.set(round, combinedHash(r.value, c.value));
    this.#queue.clear();
    return true;
  }

  #drain(): void {
    while (this.#applied !== undefined && this.#control !== undefined) {
      const d = this.#queue.get(this.#applied + 1);
      if (d === undefined) break;
      this.#queue.delete(d[0]);
      if (!this.#apply(d)) {
        this.#reject();
        return;
      }
    }
    for (const q of this.#queue.keys()) if (this.#applied !== undefined && q <= this.#applied) this.#queue.delete(q);
  }

  #apply([q, epoch, mask, plaintexts, seed]: NeoDecidedWire): boolean {
    const control = this.#control!;
    const schedule = control.schedule;
    const e = epochOf(schedule, q);
    if (e === undefined || e.epoch !== epoch || plaintexts.length !== e.members.length) return false;
    const bits = Array.from({ length: e.members.length + 1 }, (_, i) => ((mask[i >> 3] ?? 0) & (1 << (i & 7))) !== 0);
    const accepted = bits.slice(0, e.members.length);
    const prev = epochOf(schedule, q - 1);
    const boundary = e.firstRound === q && prev !== undefined && prev !== e;
    const round: DecidedRound = {
      epoch: e.epoch,
      round: q,
      time: roundStart(schedule, q),
      joined: boundary ? e.members.filter((m) => !prev.members.includes(m)) : [],
      left: boundary ? prev.members.filter((m) => !e.members.includes(m)) : [],
      inputs: e.members.map((player, i) => ({ player, input: accepted[i] ? inputOf(plaintexts[i] ?? null) : null })),
      seed,
    };
    let roomHash: Uint8Array;
    try {
      roomHash = this.composite.apply(round);
    } catch {
      return false;
    }
    const next = applyControl(
      control,
      { round: q, accepted, plaintexts, quorate: bits[e.members.length]! },
      this.env.config,
    );
    this.#control = next.state;
    this.#applied = q;
    this.#hashes.set(q, combinedHash(roomHash, next.state));
    this.#hashes.delete(q - KEEP);
    this.counters.applied++;
    if (reportRoundOf(schedule, q + 2 * e.k + 2) === q) {
      this.#snaps.set(q, { state: this.composite.snapshot(), control: encodeControl(next.state) });
      for (const r of this.#snaps.keys()) if (r < q - 64) this.#snaps.delete(r);
    }
    this.onApplied?.(q, this.env.clock.now());
    if (this.#reports.has(q)) this.#check(q);
    return true;
  }

  async #verify(from: PeerId, proofs: readonly (readonly [number, Uint8Array])[]): Promise<void> {
    const control = this.#control;
    if (control === undefined) return;
    const schedule = control.schedule;
    const touched = new Set<number>();
    await Promise.all(
      proofs.map(async ([c, packed]) => {
        const b = decodeRoundBody(packed);
        const e = epochOf(schedule, c);
        if (!b.ok || e === undefined || b.value[1] !== e.epoch || b.value[2] !== (c & 0xffff)) return;
        const senderId = e.members[b.value[3]];
        const h = reportRoundOf(schedule, c);
        const report = b.value[6];
        if (senderId === undefined || h === undefined || report === null) return;
        const fields = fromBody(b.value, {
          epoch: e.epoch,
          round: c,
          senderId,
          reportRound: h,
          revealRound: revealRoundOf(schedule, c) ?? null,
        });
        const key = this.env.publicKeyOf(senderId);
        if (
          key === undefined ||
          !(await this.env.ed.verify(key, signingPayload(this.env.context, fields), b.value[12]))
        ) {
          this.counters.badSignatures++;
          return;
        }
        let byMember = this.#reports.get(h);
        if (byMember === undefined) {
          byMember = new Map();
          this.#reports.set(h, byMember);
        }
        byMember.set(senderId, report);
        touched.add(h);
      }),
    );
    if (this.#stopped || from !== this.#feeder) return;
    for (const h of [...touched].sort((a, b) => a - b)) this.#check(h);
    for (const h of this.#reports.keys()) if (h < this.#checked - KEEP) this.#reports.delete(h);
  }

  /** Compares the majority's signed hash for round `h` with ours. */
  #check(h: number): void {
    const reports = this.#reports.get(h);
    const e = this.#control === undefined ? undefined : epochOf(this.#control.schedule, h);
    if (reports === undefined || e === undefined || h <= this.#checked) return;
    const counts = new Map<string, number>();
    for (const r of reports.values()) counts.set(toHex(r), (counts.get(toHex(r)) ?? 0) + 1);
    const need = majority(e.members.length);
    const winner = [...counts.entries()].find(([, n]) => n >= need)?.[0];
    if (winner === undefined) return;
    const ours = this.#hashes.get(h);
    if (ours === undefined) {
      // Not applied yet (the reports came first): checked when we get there.
      if (this.#applied !== undefined && h <= this.#applied) this.#reject();
      return;
    }
    if (!bytesEqual(ours.subarray(0, REPORT_BYTES), hexBytes(winner))) {
      this.#reject();
      return;
    }
    this.#checked = h;
    this.counters.checked++;
    const snap = this.#snaps.get(h);
    if (snap !== undefined) this.#checkpoint = { round: h, ...snap };
    this.onChecked?.(h, this.env.clock.now());
  }

  /** The feeder's rounds did not add up: back to the last checked state, and another feeder. */
  #reject(): void {
    this.counters.rejected++;
    const bad = this.#feeder;
    if (bad !== undefined) {
      this.#refused.add(bad);
      this.env.ask(bad, false);
    }
    this.#feeder = undefined;
    this.#queue.clear();
    const cp = this.#checkpoint;
    if (cp === undefined || !this.#restore(cp.round, cp.state, cp.control)) {
      this.#applied = undefined;
      this.#control = undefined;
    }
    this.start();
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A digest of an observer's view (for tests comparing it with a member's). */
export function viewDigest(composite: CellComposite): string {
  return toHex(hash32(composite.snapshot()));
}
