import type { PeerId } from '../../transport/transport';
import type { Contact } from '../contact';

/** A contact in a bucket, with its liveness bookkeeping. */
export interface BucketEntry {
  readonly contact: Contact;
  /** Clock time of the last message from it. */
  lastSeen: number;
  /** Requests in a row it did not answer. */
  failures: number;
}

/**
 * One k-bucket: up to `k` live contacts, least recently seen first, plus a small replacement
 * cache of newer contacts that did not fit. A contact that stops answering is dropped and the
 * freshest replacement takes its place (Kademlia section 4.1: no ping on insert, so a bucket
 * update costs nothing on the network).
 */
export class KBucket {
  readonly entries: BucketEntry[] = [];
  readonly replacements: Contact[] = [];
  /** Clock time of the last lookup that targeted this bucket's range. */
  lastTouched: number;

  constructor(
    readonly k: number,
    readonly replacementSize: number,
    now: number,
  ) {
    this.lastTouched = now;
  }

  indexOf(id: PeerId): number {
    const e = this.entries;
    for (let i = 0; i < e.length; i++) if (e[i]!.contact.id === id) return i;
    return -1;
  }

  /** Records that `contact` was heard from; returns where it went. */
  seen(contact: Contact, now: number): 'updated' | 'added' | 'replacement' {
    const i = this.indexOf(contact.id);
    if (i >= 0) {
      const entry = this.entries[i]!;
      entry.lastSeen = now;
      entry.failures = 0;
      if (i !== this.entries.length - 1) {
        this.entries.splice(i, 1);
        this.entries.push(entry);
      }
      return 'updated';
    }
    if (this.entries.length < this.k) {
      this.entries.push({ contact, lastSeen: now, failures: 0 });
      this.#dropReplacement(contact.id);
      return 'added';
    }
    this.#dropReplacement(contact.id);
    this.replacements.push(contact);
    if (this.replacements.length > this.replacementSize) this.replacements.shift();
    return 'replacement';
  }

  /**
   * Records a failed request to `id`. The contact leaves the bucket when the failure is
   * definitive, or after `maxFailures` in a row, or at once when a replacement is waiting.
   * Returns whether it was removed.
   */
  failed(id: PeerId, definitive: boolean, maxFailures: number): boolean {
    const i = this.indexOf(id);
    if (i < 0) {
      this.#dropReplacement(id);
      return false;
    }
    const entry = this.entries[i]!;
    entry.failures++;
    if (!definitive && entry.failures < maxFailures && this.replacements.length === 0) return false;
    this.entries.splice(i, 1);
    const next = this.replacements.pop();
    if (next !== undefined) this.entries.push({ contact: next, lastSeen: 0, failures: 0 });
    return true;
  }

  /** Removes `id` from the bucket and the replacement cache. */
  remove(id: PeerId): boolean {
    this.#dropReplacement(id);
    const i = this.indexOf(id);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  #dropReplacement(id: PeerId): void {
    const r = this.replacements;
    for (let i = 0; i < r.length; i++) {
      if (r[i]!.id === id) {
        r.splice(i, 1);
        return;
      }
    }
  }
}
