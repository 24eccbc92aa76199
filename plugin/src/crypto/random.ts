import nacl from 'tweetnacl';

/**
 * `n` cryptographically secure random bytes (tweetnacl's generator: `crypto.getRandomValues`
 * in browsers, Node's `crypto.randomBytes` in Node). Throws if the platform has no secure
 * generator. Never use the seeded `Rng` for keys or nonces.
 */
export function randomBytes(n: number): Uint8Array {
  return nacl.randomBytes(n);
}
