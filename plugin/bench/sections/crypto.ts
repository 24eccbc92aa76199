import nacl from 'tweetnacl';
import {
  boxBefore,
  createEd25519,
  createSigner,
  type Ed25519,
  generateBoxKeyPair,
  generateSignKeyPair,
  hashBackend,
  loadFastHash,
  NONCE_BYTES,
  probeWebCryptoEd25519,
  randomBytes,
  SECRETBOX_KEY_BYTES,
  secretboxOpen,
  secretboxSeal,
  sha512,
} from '../../src/crypto';
import type { BenchSection, Figures } from '../section';
import { compareInterleaved, timeSync } from '../timing';

const MESSAGE_BYTES = 200;
const ROUNDS = 25;

/** Throws when a benchmarked operation gives a wrong answer (correctness, not timing). */
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`crypto bench: ${what}`);
}

async function signatures(): Promise<Figures> {
  const pair = generateSignKeyPair();
  const message = randomBytes(MESSAGE_BYTES);
  const tweetnacl = await createEd25519({ backend: 'tweetnacl' });
  const webcrypto: Ed25519 | undefined = (await probeWebCryptoEd25519())
    ? await createEd25519({ backend: 'webcrypto' })
    : undefined;
  const naclSignature = await tweetnacl.sign(pair.secretKey, message);
  const verified = async (ed: Ed25519): Promise<void> => {
    check(await ed.verify(pair.publicKey, message, naclSignature), `${ed.backend} verify`);
  };

  const contenders = [
    { name: 'tweetnacl.sign', batch: 8, warmup: 3, op: () => tweetnacl.sign(pair.secretKey, message) },
    { name: 'tweetnacl.verify', batch: 5, warmup: 2, op: () => verified(tweetnacl) },
  ];
  if (webcrypto) {
    const signer = await createSigner(webcrypto, pair);
    const uncached = await createEd25519({ backend: 'webcrypto', keyCacheSize: 0 });
    contenders.push(
      { name: 'webcrypto.sign', batch: 200, warmup: 200, op: () => webcrypto.sign(pair.secretKey, message) },
      { name: 'webcrypto.verify', batch: 200, warmup: 200, op: () => verified(webcrypto) },
      { name: 'webcrypto.signer', batch: 200, warmup: 200, op: () => signer.sign(message) },
      { name: 'webcrypto.verifyUncached', batch: 100, warmup: 100, op: () => verified(uncached) },
    );
  }
  const ms = await compareInterleaved(contenders, ROUNDS);
  const wc = (name: string): number | null => ms[`webcrypto.${name}`] ?? null;
  const nacl = (name: string): number => ms[`tweetnacl.${name}`] ?? Number.NaN;
  const ratio = (name: string): number | null => {
    const fast = wc(name);
    return fast ? nacl(name) / fast : null;
  };
  return {
    webcrypto: {
      signMs: wc('sign'),
      verifyMs: wc('verify'),
      signerSignMs: wc('signer'),
      verifyUncachedKeyMs: wc('verifyUncached'),
    },
    tweetnacl: { signMs: nacl('sign'), verifyMs: nacl('verify') },
    ratio: { sign: ratio('sign'), verify: ratio('verify') },
  };
}

async function symmetric(): Promise<Figures> {
  const message = randomBytes(MESSAGE_BYTES);
  const key = randomBytes(SECRETBOX_KEY_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = secretboxSeal(message, nonce, key);
  check(secretboxOpen(sealed, nonce, key)?.length === MESSAGE_BYTES, 'secretbox round trip');
  const alice = generateBoxKeyPair();
  const bob = generateBoxKeyPair();
  const ms = await compareInterleaved(
    [
      { name: 'seal', batch: 2000, warmup: 2000, sync: true, op: () => secretboxSeal(message, nonce, key) },
      { name: 'open', batch: 2000, warmup: 2000, sync: true, op: () => secretboxOpen(sealed, nonce, key) },
    ],
    ROUNDS,
  );
  timeSync(() => boxBefore(bob.publicKey, alice.secretKey), 3); // warm-up
  const beforeMs = timeSync(() => boxBefore(bob.publicKey, alice.secretKey), 30);
  return {
    secretbox: { sealUs: (ms.seal ?? Number.NaN) * 1000, openUs: (ms.open ?? Number.NaN) * 1000 },
    box: { beforeMs },
  };
}

/** A NEO commitment's hash input at 16 members (prefix, round, sender id, secret, 8-byte input). */
const COMMITMENT_BYTES = 71;

/** SHA-512 as the protocol runs it (WebAssembly once loaded) beside tweetnacl's, same inputs. */
async function hashes(): Promise<Figures> {
  const backend = await loadFastHash();
  const small = randomBytes(COMMITMENT_BYTES);
  const message = randomBytes(MESSAGE_BYTES);
  const reference = nacl.hash(message);
  check(
    sha512(message).every((b, i) => b === reference[i]),
    'sha512 backends agree',
  );
  const ms = await compareInterleaved(
    [
      { name: 'fast71', batch: 4000, warmup: 4000, sync: true, op: () => sha512(small) },
      { name: 'nacl71', batch: 4000, warmup: 4000, sync: true, op: () => nacl.hash(small) },
      { name: 'fast200', batch: 2000, warmup: 2000, sync: true, op: () => sha512(message) },
      { name: 'nacl200', batch: 2000, warmup: 2000, sync: true, op: () => nacl.hash(message) },
    ],
    ROUNDS,
  );
  const us = (name: string): number => (ms[name] ?? Number.NaN) * 1000;
  // `activeUs`: `sha512` as loaded (`backend`); `tweetnaclUs`: tweetnacl called directly.
  const sized = (fast: string, slow: string): Figures => ({
    activeUs: us(fast),
    tweetnaclUs: us(slow),
    ratio: us(slow) / us(fast),
  });
  return {
    backend,
    active: hashBackend(),
    [`bytes${COMMITMENT_BYTES}`]: sized('fast71', 'nacl71'),
    [`bytes${MESSAGE_BYTES}`]: sized('fast200', 'nacl200'),
  };
}

/** Ed25519 and SHA-512 on both backends side by side, plus secretbox and box key agreement. */
export const cryptoSection: BenchSection = {
  name: 'crypto',
  description: `Ed25519 sign/verify (WebCrypto vs tweetnacl), secretbox, SHA-512; ${MESSAGE_BYTES}-byte messages`,
  async run() {
    const backend = (await createEd25519()).backend;
    return {
      messageBytes: MESSAGE_BYTES,
      autoBackend: backend,
      ...(await signatures()),
      ...(await symmetric()),
      sha512: await hashes(),
    };
  },
};
