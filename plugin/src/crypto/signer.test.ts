import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../util/bytes';
import { createEd25519 } from './create';
import type { Ed25519 } from './ed25519';
import { generateSignKeyPair } from './keys';
import { createSigner } from './signer';

describe.each(['webcrypto', 'tweetnacl'] as const)('createSigner on %s', (backend) => {
  it('signs like ed.sign and keeps a copy of the public key', async () => {
    const ed = await createEd25519({ backend });
    const pair = generateSignKeyPair();
    const signer = await createSigner(ed, pair);
    expect(signer.backend).toBe(backend);
    expect(bytesEqual(signer.publicKey, pair.publicKey)).toBe(true);
    expect(signer.publicKey).not.toBe(pair.publicKey);
    const message = new TextEncoder().encode('round 7');
    const signature = await signer.sign(message);
    expect(bytesEqual(signature, await ed.sign(pair.secretKey, message))).toBe(true);
    expect(await ed.verify(signer.publicKey, message, signature)).toBe(true);
  });

  it('is not affected by later changes to the caller key pair', async () => {
    const ed = await createEd25519({ backend });
    const pair = generateSignKeyPair();
    const signer = await createSigner(ed, { publicKey: pair.publicKey.slice(), secretKey: pair.secretKey });
    pair.secretKey.fill(0);
    const message = new Uint8Array([1, 2, 3]);
    expect(await ed.verify(signer.publicKey, message, await signer.sign(message))).toBe(true);
  });

  it('rejects a public key that is not the secret key one', async () => {
    const ed = await createEd25519({ backend });
    const a = generateSignKeyPair();
    const b = generateSignKeyPair();
    await expect(createSigner(ed, { publicKey: b.publicKey, secretKey: a.secretKey })).rejects.toMatchObject({
      code: 'key-mismatch',
    });
  });

  it('rejects a secret key whose public half does not belong to its seed', async () => {
    const ed = await createEd25519({ backend });
    const a = generateSignKeyPair();
    const b = generateSignKeyPair();
    const forged = new Uint8Array([...a.secretKey.subarray(0, 32), ...b.publicKey]);
    await expect(createSigner(ed, { publicKey: b.publicKey, secretKey: forged })).rejects.toMatchObject({
      code: 'key-mismatch',
    });
  });

  it('rejects malformed key lengths', async () => {
    const ed = await createEd25519({ backend });
    const pair = generateSignKeyPair();
    await expect(createSigner(ed, { publicKey: pair.publicKey, secretKey: new Uint8Array(32) })).rejects.toMatchObject({
      code: 'bad-length',
    });
  });
});

it('createSigner works with a foreign Ed25519 implementation', async () => {
  const inner = await createEd25519({ backend: 'tweetnacl' });
  const foreign: Ed25519 = {
    backend: 'tweetnacl',
    sign: (secretKey, message) => inner.sign(secretKey, message),
    verify: (publicKey, message, signature) => inner.verify(publicKey, message, signature),
  };
  const pair = generateSignKeyPair();
  const signer = await createSigner(foreign, pair);
  const message = new Uint8Array([9]);
  expect(await inner.verify(pair.publicKey, message, await signer.sign(message))).toBe(true);
});
