import type { VerifiedPlayer } from '../auth/player';
import type { DhtNode } from '../dht/node';
import { CERT_RECORD_TYPE, certRecordKey } from '../dht/records/validators/cert';
import { decodeRecordValue } from '../dht/records/value-codec';
import type { PeerId } from '../transport/transport';
import { type Cert, certSchema, s } from '../wire';

/** A player's identity certificate (carried in quorum votes) and its verified signing key. */
export interface Identity {
  readonly identity: Cert;
  readonly sign: Uint8Array;
}

const certPair = s.tuple([certSchema, certSchema]);

/**
 * Identity certificates of group members, read from their DHT `cert` records (every player
 * publishes one at join; the DHT verifies it on read) and kept: an identity never expires.
 * Concurrent reads of one player share one lookup; a failed read is retried next time.
 */
export class Identities {
  readonly #dht: DhtNode;
  readonly #known = new Map<PeerId, Identity>();
  readonly #inflight = new Map<PeerId, Promise<Identity | undefined>>();

  constructor(dht: DhtNode) {
    this.#dht = dht;
  }

  /** The identity of `id`, or undefined when its certificate record cannot be read now. */
  get(id: PeerId, signal?: AbortSignal): Promise<Identity | undefined> {
    const known = this.#known.get(id);
    if (known !== undefined) return Promise.resolve(known);
    let p = this.#inflight.get(id);
    if (p === undefined) {
      p = this.#fetch(id, signal).finally(() => this.#inflight.delete(id));
      this.#inflight.set(id, p);
    }
    return p;
  }

  async #fetch(id: PeerId, signal?: AbortSignal): Promise<Identity | undefined> {
    const r = await this.#dht.get(certRecordKey(id), { signal }).result;
    if (!r.ok || r.value.record.type !== CERT_RECORD_TYPE) return undefined;
    const pair = decodeRecordValue(certPair, r.value.record.value);
    if (!pair.ok) return undefined;
    const player = r.value.valid.parsed as VerifiedPlayer;
    if (player.id !== id) return undefined;
    const found: Identity = { identity: pair.value[1], sign: player.sign };
    this.#known.set(id, found);
    return found;
  }
}
