import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../util/bytes';
import { boxBefore, boxOpen, boxOpenAfter, boxSeal, boxSealAfter } from './box';
import { BOX_OVERHEAD_BYTES, NONCE_BYTES, SECRETBOX_KEY_BYTES } from './constants';
import { boxKeyPairFromSecretKey, generateBoxKeyPair } from './keys';
import { randomBytes } from './random';
import { secretboxOpen, secretboxSeal } from './secretbox';

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const out = bytes.slice();
  out[index % out.length] = (out[index % out.length] ?? 0) ^ 0x01;
  return out;
}

describe('secretbox', () => {
  const key = randomBytes(SECRETBOX_KEY_BYTES);
  const nonce = randomBytes(NONCE_BYTES);

  it('round-trips any message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (message) => {
        const sealed = secretboxSeal(message, nonce, key);
        expect(sealed.length).toBe(message.length + BOX_OVERHEAD_BYTES);
        const opened = secretboxOpen(sealed, nonce, key);
        expect(opened && bytesEqual(opened, message)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects any flipped byte, a wrong key, a wrong nonce and truncation', () => {
    const message = new TextEncoder().encode('move north');
    const sealed = secretboxSeal(message, nonce, key);
    for (let i = 0; i < sealed.length; i++) expect(secretboxOpen(flip(sealed, i), nonce, key)).toBeUndefined();
    expect(secretboxOpen(sealed, nonce, flip(key, 3))).toBeUndefined();
    expect(secretboxOpen(sealed, flip(nonce, 7), key)).toBeUndefined();
    expect(secretboxOpen(sealed.subarray(0, sealed.length - 1), nonce, key)).toBeUndefined();
    expect(secretboxOpen(new Uint8Array(0), nonce, key)).toBeUndefined();
    expect(secretboxOpen(new Uint8Array(5), nonce, key)).toBeUndefined();
  });

  it('open never throws on malformed arguments; seal refuses them', () => {
    const sealed = secretboxSeal(new Uint8Array(3), nonce, key);
    expect(secretboxOpen(sealed, nonce.subarray(1), key)).toBeUndefined();
    expect(secretboxOpen(sealed, nonce, key.subarray(1))).toBeUndefined();
    expect(() => secretboxSeal(new Uint8Array(3), nonce.subarray(1), key)).toThrow(/nonce/);
    expect(() => secretboxSeal(new Uint8Array(3), nonce, new Uint8Array(31))).toThrow(
      expect.objectContaining({ code: 'bad-length' }),
    );
  });
});

describe('box', () => {
  const alice = generateBoxKeyPair();
  const bob = generateBoxKeyPair();
  const nonce = randomBytes(NONCE_BYTES);
  const message = new TextEncoder().encode('a private trade offer');

  it('round-trips between two key pairs', () => {
    const sealed = boxSeal(message, nonce, bob.publicKey, alice.secretKey);
    const opened = boxOpen(sealed, nonce, alice.publicKey, bob.secretKey);
    expect(opened && bytesEqual(opened, message)).toBe(true);
  });

  it('rejects tampering, the wrong sender and the wrong recipient', () => {
    const sealed = boxSeal(message, nonce, bob.publicKey, alice.secretKey);
    const eve = generateBoxKeyPair();
    for (let i = 0; i < sealed.length; i += 5) {
      expect(boxOpen(flip(sealed, i), nonce, alice.publicKey, bob.secretKey)).toBeUndefined();
    }
    expect(boxOpen(sealed, nonce, eve.publicKey, bob.secretKey)).toBeUndefined();
    expect(boxOpen(sealed, nonce, alice.publicKey, eve.secretKey)).toBeUndefined();
    expect(boxOpen(sealed, flip(nonce, 0), alice.publicKey, bob.secretKey)).toBeUndefined();
    expect(boxOpen(sealed, nonce, alice.publicKey.subarray(2), bob.secretKey)).toBeUndefined();
    expect(boxOpen(sealed, nonce, alice.publicKey, new Uint8Array(31))).toBeUndefined();
    expect(() => boxSeal(message, nonce, bob.publicKey.subarray(1), alice.secretKey)).toThrow(
      expect.objectContaining({ code: 'bad-length' }),
    );
  });

  it('boxBefore gives both sides the same key, compatible with boxSeal', () => {
    const ab = boxBefore(bob.publicKey, alice.secretKey);
    const ba = boxBefore(alice.publicKey, bob.secretKey);
    expect(bytesEqual(ab, ba)).toBe(true);
    const sealed = boxSealAfter(message, nonce, ab);
    expect(bytesEqual(sealed, boxSeal(message, nonce, bob.publicKey, alice.secretKey))).toBe(true);
    const opened = boxOpenAfter(sealed, nonce, ba);
    expect(opened && bytesEqual(opened, message)).toBe(true);
    expect(boxOpenAfter(flip(sealed, 20), nonce, ba)).toBeUndefined();
  });

  it('derives the public key from the secret key', () => {
    expect(bytesEqual(boxKeyPairFromSecretKey(alice.secretKey).publicKey, alice.publicKey)).toBe(true);
  });
});
