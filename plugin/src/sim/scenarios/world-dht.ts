/**
 * The world simulation's DHT: a model of the group records' key-value store. Each read or write
 * takes the time of an iterative lookup on the latency model and costs the bytes of its RPCs
 * (requests from the caller, replies from nodes drawn at random among the players: the
 * authority's node is a bootstrap and archive, in no player's routing table once it joined, so
 * no lookup or replica lands on it); versions are resolved with the real merge rule of `group`
 * records (`preferredGroupRecord`: a fresh record gives way only to its own majority or a larger
 * group). Signatures are not computed (cost model).
 */
import type { Clock } from '../../clock/clock';
import type { ValidRecord } from '../../dht/records/record';
import { preferredGroupRecord, type VerifiedGroup } from '../../dht/records/validators/group';
import type { Rng } from '../../rng';
import type { PeerId } from '../../transport/transport';
import {
  DHT_ALPHA,
  DHT_CONTACTS_REPLY_BYTES,
  DHT_HOPS,
  DHT_REPLICAS,
  DHT_REQUEST_BYTES,
  groupRecordBytes,
} from './world-cost';

/** Share of the nodes a lookup contacts that need a new link (the lookup time assumes the same). */
const NEW_LINK_SHARE = 0.5;

/** A group record as the model stores it (what the real record says, without signatures). */
export interface SimRecord {
  readonly cell: string;
  readonly groupId: string;
  readonly seq: number;
  readonly exp: number;
  readonly members: readonly PeerId[];
  /** The members whose signatures the certificate carries. */
  readonly signers: readonly PeerId[];
  readonly inner: boolean;
}

/** What the directory needs from the world. */
export interface DirectoryHost {
  readonly clock: Clock;
  readonly rng: Rng;
  /** One-way delay between two peers, ms. */
  latency(a: PeerId, b: PeerId): number;
  /** A DHT node drawn at random: a player (the authority's node is in no routing table). */
  randomNode(): PeerId;
  /** Bytes a player sent (DHT traffic). */
  up(player: PeerId, bytes: number, kind?: string): void;
  /** `n` new WebRTC links were opened (each signalled through the authority's PeerJS server). */
  linked(n: number): void;
  /** Bytes of one identity certificate (measured). */
  readonly certBytes: number;
}

function asValid(r: SimRecord): ValidRecord<VerifiedGroup> {
  const parsed = {
    groupId: r.groupId,
    members: r.members,
    qc: { members: r.members, votes: r.signers.map((s) => ({ index: r.members.indexOf(s) })) },
  } as unknown as VerifiedGroup;
  const record = { type: 'group', key: r.cell, seq: r.seq, exp: r.exp, permanent: false, value: new Uint8Array() };
  return { record, dhtKey: new Uint8Array(), dhtKeyHex: r.cell, digestHex: `${r.groupId}|${r.seq}|${r.inner}`, parsed };
}

/** The modeled store of one zone's group records. */
export class SimDirectory {
  readonly #records = new Map<string, SimRecord>();
  gets = 0;
  /** Reads by purpose. */
  readonly why = new Map<string, number>();
  puts = 0;
  refused = 0;

  constructor(readonly host: DirectoryHost) {}

  /** The record held for `cell` right now (no cost: the world's own view, for measurements). */
  peek(cell: string): SimRecord | undefined {
    const r = this.#records.get(cell);
    return r !== undefined && r.exp > this.host.clock.now() ? r : undefined;
  }

  /** Stores at once, without cost (the warm start). */
  seed(r: SimRecord): void {
    this.#records.set(r.cell, r);
  }

  /** Reads `cell`'s record as `from`; `done` runs when the lookup would finish. */
  get(from: PeerId, cell: string, done: (r: SimRecord | undefined) => void, why = 'other'): void {
    this.gets++;
    this.why.set(why, (this.why.get(why) ?? 0) + 1);
    const ms = this.#lookup(from);
    this.host.clock.setTimeout(() => done(this.peek(cell)), ms);
  }

  /** Writes a record as `from`; `done(stored)` when the replicas answered. */
  put(from: PeerId, r: SimRecord, done?: (stored: boolean) => void): void {
    this.puts++;
    const size = groupRecordBytes(r.members.length, this.host.certBytes, r.inner);
    const ms = this.#lookup(from);
    this.host.up(from, DHT_REPLICAS * (DHT_REQUEST_BYTES + size), 'dht');
    for (let i = 0; i < DHT_REPLICAS; i++) this.#reply(DHT_REQUEST_BYTES);
    this.host.linked(DHT_REPLICAS * NEW_LINK_SHARE);
    this.host.clock.setTimeout(() => {
      const held = this.peek(r.cell);
      let stored = true;
      const same = held !== undefined && held.groupId === r.groupId && held.seq === r.seq && held.inner === r.inner;
      if (held !== undefined && !same) {
        const a = asValid(held);
        stored = preferredGroupRecord(a, asValid(r), this.host.clock.now()) !== a;
      }
      if (stored) this.#records.set(r.cell, r);
      else {
        this.refused++;
      }
      done?.(stored);
    }, ms);
  }

  /** An iterative lookup: its time, and its requests and replies counted. */
  #lookup(from: PeerId): number {
    let ms = 0;
    for (let hop = 0; hop < DHT_HOPS; hop++) {
      const delays: number[] = [];
      for (let i = 0; i < DHT_ALPHA; i++) {
        const node = this.host.randomNode();
        this.host.up(from, DHT_REQUEST_BYTES, 'dht');
        delays.push(this.host.latency(from, node));
        this.#reply(DHT_CONTACTS_REPLY_BYTES, node);
      }
      this.host.linked(DHT_ALPHA * NEW_LINK_SHARE);
      delays.sort((a, b) => a - b);
      // A hop waits for the second answer of three (the lookup goes on with the best contacts);
      // half the links are new and cost a connection round trip first.
      ms += 2 * delays[1]! * (this.host.rng.next() < 0.5 ? 2 : 1);
    }
    return ms;
  }

  #reply(bytes: number, node: PeerId = this.host.randomNode()): void {
    this.host.up(node, bytes, 'dht');
  }
}
