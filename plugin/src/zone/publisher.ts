import {
  AREA_PURPOSE,
  type AreaBatch,
  type AreaEntry,
  areaKey,
  areaWriteDigest,
  buildAreaRecord,
  mergeAreaBatches,
} from '../dht/records/area';
import { assembleQuorumCertificate, type QuorumVote, quorumSigningBytes } from '../dht/records/quorum-cert';
import type { DhtRecord } from '../dht/records/record';
import type { VerifiedArea } from '../dht/records/validators/area';
import {
  buildGroupRecord,
  GROUP_PURPOSE,
  type GroupRecordBody,
  groupLeader,
  groupRecordDigest,
} from '../dht/records/validators/group';
import { majority, type Schedule } from '../neo/schedule';
import type { RoomReplica } from '../room/replica';
import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from './context';
import type { Identities } from './identities';
import type { AreaWriteReq, EntryWire, GroupSignReq, SystemMessages, SystemState } from './system-room';
import type { ZoneWork } from './work';

/** What the {@link Publisher} needs from the zone room. */
export interface PublisherEnv {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly cell: string;
  readonly work: ZoneWork;
  readonly identities: Identities;
  readonly system: RoomReplica<SystemState, SystemMessages>;
  readonly counters: Record<string, number>;
  /** The current group's schedule (the group record's timing fields come from it). */
  schedule(): Schedule;
  /** Whether we lead the current group. */
  isLeader(): boolean;
  /** False once the zone room is closed. */
  alive(): boolean;
}

/** Remembers at most this many vote and publication keys. */
const MEMORY = 1024;

function remember(set: Set<string>, key: string): void {
  set.add(key);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
}

function toEntry(w: EntryWire): AreaEntry {
  const [id, kind, x, y, droppedAt, decaysAt, by, version, removed] = w;
  return { id, kind, x, y, droppedAt, decaysAt, by, version, removed };
}

/**
 * Quorum signatures through the rounds. After every applied round it looks at the decided
 * system state: for each pending request (the group record of the epoch, an area write) that
 * names us and that we have not signed, it signs the request's digest and queues the vote into
 * our next system input. The leader, once a majority's votes are decided, verifies each vote
 * (skipping bad ones), assembles the quorum certificate and puts the record into the DHT.
 */
export class Publisher {
  readonly #env: PublisherEnv;
  readonly #voted = new Set<string>();
  readonly #started = new Set<string>();
  readonly #published = new Set<string>();
  #lastGroup: DhtRecord | undefined;

  constructor(env: PublisherEnv) {
    this.#env = env;
  }

  /** The newest group record we published (the leader republishes it while it lives). */
  get lastGroupRecord(): DhtRecord | undefined {
    return this.#lastGroup;
  }

  /** Called after every applied round (and restore) with the decided system state. */
  onState(st: SystemState): void {
    if (!st.started || !this.#env.alive()) return;
    const self = this.#env.ctx.playerId;
    const leader = this.#env.isLeader();
    const g = st.group;
    if (g !== null) {
      const key = `${st.groupId}|g|${g.seq}`;
      if (g.members.includes(self) && !this.#voted.has(key)) {
        const body = this.#groupBody(st, g);
        if (body !== undefined) {
          remember(this.#voted, key);
          this.#vote(GROUP_PURPOSE, g.members, groupRecordDigest(body), { w: 'g', cell: '', seq: g.seq });
        }
      }
      if (leader && !this.#published.has(key) && Object.keys(g.votes).length >= majority(g.members.length)) {
        this.#once(`${key}|${Object.keys(g.votes).length}`, () => this.#publishGroup(st, g, key));
      }
    }
    for (const cell of Object.keys(st.writes).sort()) {
      const w = st.writes[cell]!;
      const key = `${st.groupId}|a|${cell}|${w.seq}`;
      if (w.members.includes(self) && !this.#voted.has(key)) {
        remember(this.#voted, key);
        const digest = areaWriteDigest(areaKey(this.#env.zone, cell), w.seq, w.entries.map(toEntry));
        this.#vote(AREA_PURPOSE, w.members, digest, { w: 'a', cell, seq: w.seq });
      }
      if (leader && !this.#published.has(key) && Object.keys(w.votes).length >= majority(w.members.length)) {
        this.#once(`${key}|${Object.keys(w.votes).length}`, () => this.#publishArea(cell, w, key));
      }
    }
  }

  /** Puts our newest group record again (it may have been lost, or outranked by a stale one). */
  republish(): void {
    const r = this.#lastGroup;
    if (r === undefined || r.exp <= this.#env.ctx.clock.now()) return;
    void this.#put(r, 'groupPuts');
  }

  #groupBody(st: SystemState, g: GroupSignReq): GroupRecordBody | undefined {
    const e = this.#env.schedule().find((x) => x.epoch === g.epoch);
    const { zone, cell } = this.#env;
    const leader = groupLeader(g.members, zone, cell, g.epoch);
    if (e === undefined || leader === undefined) return undefined;
    return {
      zone,
      cell,
      groupId: st.groupId,
      seq: g.seq,
      exp: g.exp,
      epoch: g.epoch,
      firstRound: e.firstRound,
      t0: e.t0,
      roundMs: e.roundMs,
      k: e.k,
      members: g.members,
      leader,
    };
  }

  #once(key: string, run: () => Promise<void>): void {
    if (this.#started.has(key)) return;
    remember(this.#started, key);
    // Not tracked as work: it waits for the DHT, which takes virtual time (its crypto is tracked).
    void run().catch(() => this.#count('publishErrors'));
  }

  #vote(
    purpose: string,
    members: readonly PeerId[],
    digest: Uint8Array,
    ref: { w: 'g' | 'a'; cell: string; seq: number },
  ) {
    const { ctx, work, system } = this.#env;
    const signing = ctx.signer.sign(quorumSigningBytes(purpose, members, digest)).then(
      (sig) => {
        if (!this.#env.alive()) return;
        system.enqueue('vote', { ...ref, sig });
        this.#count('votesSigned');
      },
      () => this.#count('signFailures'),
    );
    work.track(signing);
  }

  /** The valid votes of a request, with their identity certificates (bad ones are skipped and counted). */
  async #votes(
    purpose: string,
    members: readonly PeerId[],
    digest: Uint8Array,
    votes: Readonly<Record<PeerId, Uint8Array>>,
  ) {
    const message = quorumSigningBytes(purpose, members, digest);
    const { ctx, identities } = this.#env;
    const checked = await Promise.all(
      Object.keys(votes).map(async (id): Promise<QuorumVote | undefined> => {
        const index = members.indexOf(id);
        const who = await identities.get(id);
        if (index < 0 || who === undefined) return undefined;
        const sig = votes[id]!;
        if (!(await this.#env.work.track(ctx.ed.verify(who.sign, message, sig)))) {
          this.#count('badVotes');
          return undefined;
        }
        return { index, identity: who.identity, sig };
      }),
    );
    return checked.filter((v): v is QuorumVote => v !== undefined);
  }

  async #publishGroup(st: SystemState, g: GroupSignReq, key: string): Promise<void> {
    const body = this.#groupBody(st, g);
    if (body === undefined) return;
    const votes = await this.#votes(GROUP_PURPOSE, g.members, groupRecordDigest(body), g.votes);
    if (votes.length < majority(g.members.length) || !this.#env.alive()) return;
    const record = buildGroupRecord(body, assembleQuorumCertificate(g.members, votes));
    remember(this.#published, key);
    if (this.#lastGroup === undefined || this.#lastGroup.seq < record.seq) this.#lastGroup = record;
    await this.#put(record, 'groupPuts');
  }

  async #publishArea(cell: string, w: AreaWriteReq, key: string): Promise<void> {
    const k = areaKey(this.#env.zone, cell);
    const entries = w.entries.map(toEntry);
    const votes = await this.#votes(AREA_PURPOSE, w.members, areaWriteDigest(k, w.seq, entries), w.votes);
    if (votes.length < majority(w.members.length) || !this.#env.alive()) return;
    remember(this.#published, key);
    const batch: AreaBatch = { seq: w.seq, entries, qc: assembleQuorumCertificate(w.members, votes) };
    const { dht, clock } = this.#env.ctx;
    const held = await dht.get(k).result;
    const current =
      held.ok && held.value.record.type === 'area' ? (held.value.valid.parsed as VerifiedArea).batches : [];
    const record = buildAreaRecord(k, mergeAreaBatches(current, [batch], clock.now()));
    if (record === undefined) return;
    if ((await this.#put(record, 'areaPuts')) && this.#env.alive()) {
      this.#env.system.enqueue('written', { cell, seq: w.seq });
    }
  }

  async #put(record: DhtRecord, counter: string): Promise<boolean> {
    const r = await this.#env.ctx.dht.put(record).result;
    this.#count(r.ok ? counter : 'putFailures');
    return r.ok;
  }

  #count(name: string): void {
    this.#env.counters[name] = (this.#env.counters[name] ?? 0) + 1;
  }
}
