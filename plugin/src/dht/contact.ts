import { ID_BYTES, type NodeId, peerIdOfNodeId } from './ids';

/** A DHT contact: the peer id to dial and its node id. Immutable; may be shared. */
export interface Contact {
  readonly id: string;
  readonly nodeId: NodeId;
}

/** Makes contacts from node ids; an interning pool lets many simulated nodes share one object per peer. */
export interface ContactFactory {
  /** The contact whose node id is `nodeId` (32 bytes; the caller checked the length). */
  fromNodeId(nodeId: NodeId): Contact;
}

/** A plain factory: a fresh contact per call. */
export const plainContacts: ContactFactory = {
  fromNodeId: (nodeId) => ({ id: peerIdOfNodeId(nodeId), nodeId }),
};

/**
 * Interns contacts by node id so every simulated node shares one object per peer: 10,000 nodes
 * with 300 contacts each then hold 3 million references, not 3 million objects.
 */
export class ContactPool implements ContactFactory {
  /** Contacts by the first 4 bytes of their node id (collisions share a small list). */
  readonly #byPrefix = new Map<number, Contact | Contact[]>();
  #size = 0;

  fromNodeId(nodeId: NodeId): Contact {
    const prefix = ((nodeId[0]! << 24) | (nodeId[1]! << 16) | (nodeId[2]! << 8) | nodeId[3]!) >>> 0;
    const slot = this.#byPrefix.get(prefix);
    if (slot !== undefined) {
      if (!Array.isArray(slot)) {
        if (sameId(slot.nodeId, nodeId)) return slot;
      } else {
        for (const c of slot) if (sameId(c.nodeId, nodeId)) return c;
      }
    }
    const contact: Contact = { id: peerIdOfNodeId(nodeId), nodeId: nodeId.slice() };
    this.#size++;
    if (slot === undefined) this.#byPrefix.set(prefix, contact);
    else if (Array.isArray(slot)) slot.push(contact);
    else this.#byPrefix.set(prefix, [slot, contact]);
    return contact;
  }

  get size(): number {
    return this.#size;
  }
}

function sameId(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < ID_BYTES; i++) if (a[i] !== b[i]) return false;
  return true;
}
