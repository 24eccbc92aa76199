// biome-ignore-all assist/source/organizeImports: exports are grouped by module, in reading order
/**
 * `phaser-p2p-mmo`: Colyseus-style rooms with no game server.
 *
 * The root entry works in browsers and Node and never loads Phaser. Other entries:
 * `phaser-p2p-mmo/phaser` (the scene plugin class, loads Phaser), `phaser-p2p-mmo/authority`
 * (the authority server, Node), `phaser-p2p-mmo/node` (PeerJS over WebRTC in Node) and
 * `phaser-p2p-mmo/testing` (adversarial members for test builds). Everything here is grouped by module; each module's page in `SPEC.md`
 * describes its part of the protocol.
 *
 * @packageDocumentation
 */

// The Phaser scene plugin's API: registration constants, options, errors, the pure parts
// (interpolation, prediction, bindings). The class itself: `phaser-p2p-mmo/phaser`.
export * from './phaser/public';

// The player's session (keys, registration, links, DHT) and zones (the group of a zone, items),
// and the quadtree groups of a zone (membership follows the avatar, observation the camera).
export * from './session';
export * from './zone';
export * from './groups';

// Rooms: the API game code uses.
export * from './room';

// NEO rounds: cheat-proof ordering of every member's input, epochs, proofs.
export * from './neo';

// Identity: certificates, the authority's HTTP client, the peer handshake.
export * from './auth';
export * from './peers';

// Storage: the Kademlia DHT of signed records, certificate directory and ban checks.
export * from './dht';

// Transports: the seam, PeerJS in browsers, and the in-memory simulated network.
export * from './transport';

// Wire format: envelope, schemas, counters of dropped messages.
export * from './wire';

// Cryptography: Ed25519 (WebCrypto or tweetnacl), boxes, hashes, key rings.
export * from './crypto';

// Seams: time, randomness, results and errors.
export * from './clock';
export * from './rng';
export { decodeBase64, encodeBase64 } from './util/base64';
export { bytesEqual, concatBytes, fromHex, toHex } from './util/bytes';
export { P2PError } from './util/errors';
export { type Err, err, type Ok, ok, type Result } from './util/result';
