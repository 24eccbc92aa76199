import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../util/bytes';
import { webCryptoPublicKeyFromSeed } from './backend-webcrypto';
import { createEd25519, probeWebCryptoEd25519 } from './create';
import type { Ed25519, Ed25519Backend } from './ed25519';
import { RFC8032_VECTORS } from './fixtures/rfc8032';
import { signKeyPairFromSeed } from './keys';

const BACKENDS: readonly Ed25519Backend[] = ['webcrypto', 'tweetnacl'];

function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (!bytes) throw new Error(`bad hex in fixture: ${text.slice(0, 16)}`);
  return bytes;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = (out[i] ?? 0) ^ (1 << (bit % 8));
  return out;
}

/** The group order L, for building S + L (a non-canonical twin of a valid signature). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function addOrderToS(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i] ?? 0);
  s += L;
  const out = signature.slice();
  for (let i = 0; i < 32; i++) {
    out[32 + i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

describe('RFC 8032 section 7.1 vectors', () => {
  it('has the fixture messages the RFC describes', () => {
    expect(hex(RFC8032_VECTORS[3]!.message).length).toBe(1023);
    expect(RFC8032_VECTORS.map((v) => v.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST 1024', 'TEST SHA(abc)']);
  });

  for (const vector of RFC8032_VECTORS) {
    it(`${vector.name}: both derivations of the public key match`, async () => {
      expect(toHex(signKeyPairFromSeed(hex(vector.seed)).publicKey)).toBe(vector.publicKey);
      expect(toHex(await webCryptoPublicKeyFromSeed(hex(vector.seed)))).toBe(vector.publicKey);
    });

    for (const backend of BACKENDS) {
      describe(`${vector.name} on ${backend}`, () => {
        const load = async (): Promise<Ed25519> => createEd25519({ backend });
        const pair = signKeyPairFromSeed(hex(vector.seed));
        const message = hex(vector.message);
        const signature = hex(vector.signature);
        const publicKey = hex(vector.publicKey);

        it('signs byte for byte like the RFC', async () => {
          const ed = await load();
          expect(toHex(await ed.sign(pair.secretKey, message))).toBe(vector.signature);
        });

        it('accepts the RFC signature', async () => {
          expect(await (await load()).verify(publicKey, message, signature)).toBe(true);
        });

        it('rejects a flipped bit in the message', async () => {
          const ed = await load();
          const tampered = message.length === 0 ? new Uint8Array([0]) : flipBit(message, 8 * message.length - 3);
          expect(await ed.verify(publicKey, tampered, signature)).toBe(false);
          if (message.length > 0) expect(await ed.verify(publicKey, flipBit(message, 0), signature)).toBe(false);
        });

        it('rejects a flipped bit in R and in S of the signature', async () => {
          const ed = await load();
          expect(await ed.verify(publicKey, message, flipBit(signature, 5))).toBe(false);
          expect(await ed.verify(publicKey, message, flipBit(signature, 8 * 40 + 1))).toBe(false);
        });

        it('rejects a flipped bit in the public key', async () => {
          const ed = await load();
          expect(await ed.verify(flipBit(publicKey, 0), message, signature)).toBe(false);
          expect(await ed.verify(flipBit(publicKey, 8 * 17 + 6), message, signature)).toBe(false);
        });

        it('rejects the non-canonical twin S + L', async () => {
          expect(await (await load()).verify(publicKey, message, addOrderToS(signature))).toBe(false);
        });
      });
    }
  }
});

describe.each(BACKENDS)('Ed25519 on %s: malformed input', (backend) => {
  const vector = RFC8032_VECTORS[1]!;
  const pair = signKeyPairFromSeed(hex(vector.seed));
  const message = hex(vector.message);
  const signature = hex(vector.signature);

  it('verify answers false on wrong lengths instead of throwing', async () => {
    const ed = await createEd25519({ backend });
    expect(await ed.verify(pair.publicKey.subarray(0, 31), message, signature)).toBe(false);
    expect(await ed.verify(new Uint8Array(33), message, signature)).toBe(false);
    expect(await ed.verify(pair.publicKey, message, signature.subarray(0, 63))).toBe(false);
    expect(await ed.verify(pair.publicKey, message, new Uint8Array(65))).toBe(false);
    expect(await ed.verify(pair.publicKey, message, new Uint8Array(64))).toBe(false);
    expect(await ed.verify(new Uint8Array(32), message, signature)).toBe(false);
    expect(await ed.verify(new Uint8Array(32).fill(255), message, signature)).toBe(false);
  });

  it('sign rejects a secret key that is not 64 bytes', async () => {
    const ed = await createEd25519({ backend });
    await expect(ed.sign(pair.secretKey.subarray(0, 32), message)).rejects.toMatchObject({ code: 'bad-length' });
  });

  it('signs views into larger buffers correctly', async () => {
    const ed = await createEd25519({ backend });
    const big = new Uint8Array(10);
    big.set(message, 4);
    const view = big.subarray(4, 4 + message.length);
    expect(toHex(await ed.sign(pair.secretKey, view))).toBe(vector.signature);
    expect(await ed.verify(pair.publicKey, view, signature)).toBe(true);
  });
});

describe('backend selection', () => {
  it("'auto' picks webcrypto on Node 20", async () => {
    expect(await probeWebCryptoEd25519()).toBe(true);
    expect((await createEd25519()).backend).toBe('webcrypto');
    expect((await createEd25519({ backend: 'auto' })).backend).toBe('webcrypto');
  });

  it('probes once and shares the result', () => {
    expect(probeWebCryptoEd25519()).toBe(probeWebCryptoEd25519());
  });

  it("forcing 'tweetnacl' or 'webcrypto' gives that backend", async () => {
    expect((await createEd25519({ backend: 'tweetnacl' })).backend).toBe('tweetnacl');
    expect((await createEd25519({ backend: 'webcrypto' })).backend).toBe('webcrypto');
  });

  it('works without a key cache', async () => {
    const ed = await createEd25519({ backend: 'webcrypto', keyCacheSize: 0 });
    const vector = RFC8032_VECTORS[2]!;
    const pair = signKeyPairFromSeed(hex(vector.seed));
    const signature = await ed.sign(pair.secretKey, hex(vector.message));
    expect(toHex(signature)).toBe(vector.signature);
    expect(await ed.verify(pair.publicKey, hex(vector.message), signature)).toBe(true);
  });
});
