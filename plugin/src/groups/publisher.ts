import { assembleQuorumCertificate, type QuorumVote, quorumSigningBytes } from '../dht/records/quorum-cert';
import type { DhtRecord } from '../dht/records/record';
import {
  buildGroupRecord,
  cellChildren,
  GROUP_PURPOSE,
  type GroupRecordBody,
  groupRecordDigest,
} from '../dht/records/validators/group';
import { majority, type Schedule } from '../neo/schedule';
import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from '../zone/context';
import type { Identities } from '../zone/identities';
import type { ZoneWork } from '../zone/work';
import type { CellState, RecordSign } from './cell-state';
import { groupLeader } from './leader';

/** What a {@link RecordPublisher} needs from its group membership. */
export interface PublisherEnv {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly work: ZoneWork;
  readonly identities: Identities;
  readonly counters: Record<string, number>;
  /** Queues a message into our next cell input of this group. */
  submit(type: 'rv', payload: { cell: string; seq: number; sig: Uint8Array }): void;
  schedule(): Schedule;
  isLeader(): boolean;
  alive(): boolean;
  /** A record we stored (the leaf finder learns it). */
  stored?(cell: string, record: DhtRecord): void;
}

const MEMORY = 512;

function remember(set: Set<string>, key: string): void {
  set.add(key);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
}

/**
 * Group records through the rounds: for each pending signature request of the cell state (the
 * group's leaf record, an inner record) that names us, sign its digest and queue the vote; as
 * the leader, once a majority's votes are decided, check them, assemble the quorum certificate
 * and put the record into the DHT.
 */
export class RecordPublisher {
  readonly #env: PublisherEnv;
  readonly #voted = new Set<string>();
  readonly #published = new Set<string>();
  readonly #last = new Map<string, DhtRecord>();

  constructor(env: PublisherEnv) {
    this.#env = env;
  }

  /** The newest record we stored per cell. */
  last(cell: string): DhtRecord | undefined {
    return this.#last.get(cell);
  }

  /** After every applied round with the decided cell state. */
  onState(st: CellState): void {
    if (!st.started || !this.#env.alive()) return;
    const self = this.#env.ctx.playerId;
    for (const cell of Object.keys(st.signs).sort()) {
      const r = st.signs[cell]!;
      const key = `${st.groupId}|${cell}|${r.seq}`;
      const body = this.body(st.groupId, r);
      if (body === undefined) continue;
      if (r.members.includes(self) && !this.#voted.has(key)) {
        remember(this.#voted, key);
        this.#vote(r, body);
      }
      const n = Object.keys(r.votes).length;
      if (this.#env.isLeader() && !this.#published.has(key) && n >= majority(r.members.length)) {
        remember(this.#published, key);
        void this.#publish(r, body).catch(() => this.#count('publishErrors'));
      }
    }
  }

  /** Puts the newest record of `cell` again (lost, or outranked by a stale one meanwhile). */
  async republish(cell: string): Promise<boolean> {
    const r = this.#last.get(cell);
    if (r === undefined || r.exp <= this.#env.ctx.clock.now()) return false;
    return this.#put(r);
  }

  /** The record body a request stands for (undefined while its epoch's timing is unknown here). */
  body(groupId: string, r: RecordSign): GroupRecordBody | undefined {
    const e = this.#env.schedule().find((x) => x.epoch === r.epoch);
    const leader = groupLeader(r.members, this.#env.zone, r.cell, r.epoch);
    if (e === undefined || leader === undefined) return undefined;
    return {
      zone: this.#env.zone,
      cell: r.cell,
      groupId,
      seq: r.seq,
      exp: r.exp,
      epoch: r.epoch,
      firstRound: e.firstRound,
      t0: e.t0,
      roundMs: e.roundMs,
      k: e.k,
      members: r.members,
      leader,
      ...(r.inner ? { children: cellChildren(r.cell) } : {}),
    };
  }

  #vote(r: RecordSign, body: GroupRecordBody): void {
    const { ctx, work } = this.#env;
    const bytes = quorumSigningBytes(GROUP_PURPOSE, r.members, groupRecordDigest(body));
    work.track(
      ctx.signer.sign(bytes).then(
        (sig) => {
          if (!this.#env.alive()) return;
          this.#env.submit('rv', { cell: r.cell, seq: r.seq, sig });
          this.#count('recordVotes');
        },
        () => this.#count('signFailures'),
      ),
    );
  }

  async #publish(r: RecordSign, body: GroupRecordBody): Promise<void> {
    const message = quorumSigningBytes(GROUP_PURPOSE, r.members, groupRecordDigest(body));
    const { ctx, identities, work } = this.#env;
    const votes = await Promise.all(
      Object.keys(r.votes).map(async (id: PeerId): Promise<QuorumVote | undefined> => {
        const index = r.members.indexOf(id);
        const who = await identities.get(id);
        if (index < 0 || who === undefined) return undefined;
        const sig = r.votes[id]!;
        if (!(await work.track(ctx.ed.verify(who.sign, message, sig)))) {
          this.#count('badVotes');
          return undefined;
        }
        return { index, identity: who.identity, sig };
      }),
    );
    const good = votes.filter((v): v is QuorumVote => v !== undefined);
    if (good.length < majority(r.members.length) || !this.#env.alive()) return;
    const record = buildGroupRecord(body, assembleQuorumCertificate(r.members, good));
    const prev = this.#last.get(r.cell);
    if (prev === undefined || prev.seq <= record.seq) this.#last.set(r.cell, record);
    if (await this.#put(record)) this.#env.stored?.(r.cell, record);
  }

  async #put(record: DhtRecord): Promise<boolean> {
    const r = await this.#env.ctx.dht.put(record).result;
    this.#count(r.ok ? 'recordPuts' : 'putFailures');
    return r.ok;
  }

  #count(name: string): void {
    this.#env.counters[name] = (this.#env.counters[name] ?? 0) + 1;
  }
}
