/**
 * The player's session: everything between "the player typed a name" and "the zone layer can
 * run": keys kept in a {@link KeyStore}, the authority's clock and a registration, a ban-gated
 * transport, the signed-hello handshake, bootstrap linking, a DHT node with our certificates
 * published, ban checks, notes, and cheat proofs sent to the authority. No Phaser, no DOM beyond
 * IndexedDB and WebRTC (both optional: pass a `keyStore` and an `openTransport`).
 *
 * @example
 * ```ts
 * const opened = await openSession({ name: 'Alice' });
 * if (opened.ok) opened.value.on('note', (n) => console.log(`${n.name}: ${n.text}`));
 * ```
 * @module
 */
export { BanGate } from './ban-gate';
export { SessionError, SessionErrorCode, SessionOptionError, sessionErrorFromAuth } from './errors';
export type { KeyStore } from './key-store';
export { DEFAULT_KEY_DB, type IndexedDbKeyStoreOptions, indexedDbKeyStore } from './key-store-indexeddb';
export { memoryKeyStore } from './key-store-memory';
export { Linker, type LinkerCounters, type LinkerOptions } from './linker';
export { openSession } from './open';
export type { OpenTransport, SessionOptions } from './options';
export { peerJsOpener } from './peerjs-opener';
export { SessionClock, type SessionClockCounters } from './session-clock';
export { type Session, type SessionEvents, type SessionNote, type SessionPeer, SessionStep } from './types';
