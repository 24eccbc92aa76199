import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../util/bytes';
import { createEd25519 } from './create';
import { signKeyPairFromSeed } from './keys';

describe('cross-backend Ed25519', () => {
  it('both backends sign identically and accept each other', { timeout: 120_000 }, async () => {
    const webcrypto = await createEd25519({ backend: 'webcrypto' });
    const tweetnacl = await createEd25519({ backend: 'tweetnacl' });
    expect(webcrypto.backend).toBe('webcrypto');
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        async (seed, message) => {
          const pair = signKeyPairFromSeed(seed);
          const fromWebCrypto = await webcrypto.sign(pair.secretKey, message);
          const fromTweetNacl = await tweetnacl.sign(pair.secretKey, message);
          expect(bytesEqual(fromWebCrypto, fromTweetNacl)).toBe(true);
          expect(await tweetnacl.verify(pair.publicKey, message, fromWebCrypto)).toBe(true);
          expect(await webcrypto.verify(pair.publicKey, message, fromTweetNacl)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('both backends reject the same corrupted signatures', { timeout: 120_000 }, async () => {
    const webcrypto = await createEd25519({ backend: 'webcrypto' });
    const tweetnacl = await createEd25519({ backend: 'tweetnacl' });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat({ max: 64 * 8 - 1 }),
        async (seed, message, bit) => {
          const pair = signKeyPairFromSeed(seed);
          const signature = await webcrypto.sign(pair.secretKey, message);
          const bad = signature.slice();
          bad[bit >> 3] = (bad[bit >> 3] ?? 0) ^ (1 << (bit & 7));
          expect(await webcrypto.verify(pair.publicKey, message, bad)).toBe(false);
          expect(await tweetnacl.verify(pair.publicKey, message, bad)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
