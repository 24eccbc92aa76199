import type { PeerId } from '../../transport/transport';
import type { Contact } from '../contact';
import { commonPrefixLength, compareDistance, ID_BYTES, type NodeId } from '../ids';
import { KBucket } from './k-bucket';

/**
 * The Kademlia routing table: bucket `i` holds contacts sharing exactly `i` leading bits with
 * the local node id (buckets are created on demand, so a node holds about log2(N) of them).
 * `closest` walks buckets in distance order instead of sorting the whole table.
 */
export class RoutingTable {
  readonly #buckets: (KBucket | undefined)[] = [];
  readonly #where = new Map<PeerId, number>();
  #excluded: ReadonlySet<PeerId> = new Set();

  constructor(
    readonly self: NodeId,
    readonly k: number,
    readonly replacementSize: number,
    readonly maxFailures: number,
  ) {}

  /** Contacts in buckets (replacements excluded). */
  get size(): number {
    let n = 0;
    for (const b of this.#buckets) n += b?.entries.length ?? 0;
    return n;
  }

  /** Highest bucket index in use plus one. */
  get depth(): number {
    return this.#buckets.length;
  }

  /** Bucket index of `id`: its common prefix length with the local id. */
  bucketIndex(id: Uint8Array): number {
    return commonPrefixLength(this.self, id);
  }

  bucket(index: number): KBucket | undefined {
    return this.#buckets[index];
  }

  #bucketAt(index: number, now: number): KBucket {
    let b = this.#buckets[index];
    if (b === undefined) {
      while (this.#buckets.length < index) this.#buckets.push(undefined);
      b = new KBucket(this.k, this.replacementSize, now);
      this.#buckets[index] = b;
    }
    return b;
  }

  /**
   * Keeps `ids` out of the table from now on (removing them if present): the authority's node is
   * a bootstrap and archive peer, not a routing contact, so no lookup of ours ever reaches it.
   */
  exclude(ids: readonly PeerId[]): void {
    this.#excluded = new Set(ids);
    for (const id of ids) this.remove(id);
  }

  /** Whether `id` is kept out of the table ({@link exclude}). */
  isExcluded(id: PeerId): boolean {
    return this.#excluded.has(id);
  }

  /** Records that `contact` answered or sent us something. Ignores our own id and excluded peers. */
  seen(contact: Contact, now: number): 'updated' | 'added' | 'replacement' | 'self' | 'excluded' {
    const index = this.bucketIndex(contact.nodeId);
    if (index >= ID_BYTES * 8) return 'self';
    if (this.#excluded.has(contact.id)) return 'excluded';
    const where = this.#where.get(contact.id);
    if (where !== undefined && where !== index) this.remove(contact.id); // same peer id, other node id
    const outcome = this.#bucketAt(index, now).seen(contact, now);
    if (outcome === 'added') this.#where.set(contact.id, index);
    return outcome;
  }

  /** Records a failed request; returns whether the contact was removed. */
  failed(id: PeerId, definitive: boolean): boolean {
    const index = this.#where.get(id);
    if (index === undefined) return false;
    const bucket = this.#buckets[index]!;
    const removed = bucket.failed(id, definitive, this.maxFailures);
    if (removed) {
      this.#where.delete(id);
      const promoted = bucket.entries[bucket.entries.length - 1];
      if (promoted !== undefined && promoted.lastSeen === 0) this.#where.set(promoted.contact.id, index);
    }
    return removed;
  }

  /** Removes a contact (for example one whose record of identity turned out inconsistent). */
  remove(id: PeerId): boolean {
    const index = this.#where.get(id);
    if (index === undefined) return false;
    this.#where.delete(id);
    return this.#buckets[index]!.remove(id);
  }

  has(id: PeerId): boolean {
    return this.#where.has(id);
  }

  /** The contact with this peer id, if it is in a bucket. */
  get(id: PeerId): Contact | undefined {
    const index = this.#where.get(id);
    if (index === undefined) return undefined;
    const b = this.#buckets[index]!;
    const i = b.indexOf(id);
    return i < 0 ? undefined : b.entries[i]!.contact;
  }

  /** Marks the bucket holding `target`'s range as recently looked up. */
  touch(target: Uint8Array, now: number): void {
    const i = Math.min(this.bucketIndex(target), this.#buckets.length - 1);
    if (i >= 0) this.#bucketAt(i, now).lastTouched = now;
  }

  /**
   * Up to `count` contacts closest to `target` by XOR distance, closest first, sorting only the
   * buckets it returns. With `c = cpl(self, target)` and `d = self XOR target`: bucket `c` is
   * closer than everything else; a bucket `j > c` is closer than every deeper bucket when bit
   * `j` of `d` is 1 and farther than all of them when it is 0; buckets `c-1, c-2, ...` follow,
   * each strictly farther than the one before.
   */
  closest(target: Uint8Array, count: number, exclude?: string): Contact[] {
    const out: Contact[] = [];
    const depth = this.#buckets.length;
    const c = Math.min(this.bucketIndex(target), ID_BYTES * 8 - 1);
    const take = (index: number): void => {
      const entries = this.#buckets[index]?.entries;
      if (entries === undefined || entries.length === 0) return;
      const start = out.length;
      for (const e of entries) if (e.contact.id !== exclude) out.push(e.contact);
      if (out.length - start > 1) {
        const part = out.splice(start).sort((a, b) => compareDistance(a.nodeId, b.nodeId, target));
        for (const x of part) out.push(x);
      }
    };
    take(c);
    if (out.length < count && c + 1 < depth) {
      const back: number[] = [];
      for (let j = c + 1; j < depth; j++) {
        const bit = ((this.self[j >> 3]! ^ target[j >> 3]!) >> (7 - (j & 7))) & 1;
        if (bit === 1) {
          take(j);
          if (out.length >= count) break;
        } else back.push(j);
      }
      for (let i = back.length - 1; i >= 0 && out.length < count; i--) take(back[i]!);
    }
    for (let i = c - 1; i >= 0 && out.length < count; i--) take(i);
    if (out.length > count) out.length = count;
    return out;
  }

  /** Every contact, nearest buckets last. */
  contacts(): Contact[] {
    const out: Contact[] = [];
    for (const b of this.#buckets) for (const e of b?.entries ?? []) out.push(e.contact);
    return out;
  }

  /** Indices of buckets no lookup touched since `before`, from 0 to the deepest non-empty bucket. */
  staleBuckets(before: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.#buckets.length; i++) {
      const b = this.#buckets[i];
      if (b === undefined || b.lastTouched < before) out.push(i);
    }
    return out;
  }

  /** Marks every bucket index below `depth` as touched now (creating missing ones). */
  touchAll(depth: number, now: number): void {
    for (let i = 0; i < depth; i++) this.#bucketAt(i, now).lastTouched = now;
  }
}
