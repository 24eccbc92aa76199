import type { PeerId } from '../transport/transport';
import type { SessionPeer } from './types';

/** Most entries kept; the oldest entries of unconnected, unbanned peers go first. */
export const MAX_PEER_ENTRIES = 1024;

type Patch = Partial<Omit<SessionPeer, 'id'>>;

/** The session's view of other players, announcing every change. */
export class PeerTable {
  readonly #peers = new Map<PeerId, SessionPeer>();
  readonly #onChange: (peer: SessionPeer) => void;

  constructor(onChange: (peer: SessionPeer) => void) {
    this.#onChange = onChange;
  }

  get(id: PeerId): SessionPeer | undefined {
    return this.#peers.get(id);
  }

  all(): SessionPeer[] {
    return [...this.#peers.values()];
  }

  /** Adds or updates `id`'s entry (fields not given are kept); announces it when something changed. */
  upsert(id: PeerId, patch: Patch): void {
    const old = this.#peers.get(id);
    const next: SessionPeer = {
      ...(old ?? { id, name: null, verified: false, connected: false, banned: false }),
      ...patch,
    };
    if (old !== undefined && sameEntry(old, next)) return;
    this.#peers.set(id, next);
    if (old === undefined) this.#evict();
    this.#onChange(next);
  }

  #evict(): void {
    if (this.#peers.size <= MAX_PEER_ENTRIES) return;
    for (const [id, p] of this.#peers) {
      if (!p.connected && !p.banned) {
        this.#peers.delete(id);
        return;
      }
    }
  }
}

function sameEntry(a: SessionPeer, b: SessionPeer): boolean {
  return (
    a.name === b.name &&
    a.verified === b.verified &&
    a.connected === b.connected &&
    a.certSource === b.certSource &&
    a.dhtName === b.dhtName &&
    a.banned === b.banned
  );
}
