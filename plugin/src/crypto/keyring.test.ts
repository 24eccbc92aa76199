import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../util/base64';
import { bytesEqual } from '../util/bytes';
import type { CryptoErrorCode } from './errors';
import { generateKeyRing, type KeyRing, parseKeyRing, serializeKeyRing } from './keyring';
import { generateBoxKeyPair, generateSignKeyPair } from './keys';

type Json = { version: unknown; sign: Record<string, unknown>; box: Record<string, unknown> };

function expectFailure(text: string, code: CryptoErrorCode): void {
  const result = parseKeyRing(text);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    expect(result.error.name).toBe('CryptoError');
  }
}

function edited(ring: KeyRing, edit: (json: Json) => void): string {
  const json = JSON.parse(serializeKeyRing(ring)) as Json;
  edit(json);
  return JSON.stringify(json);
}

function sameRing(a: KeyRing, b: KeyRing): boolean {
  return (
    bytesEqual(a.sign.publicKey, b.sign.publicKey) &&
    bytesEqual(a.sign.secretKey, b.sign.secretKey) &&
    bytesEqual(a.box.publicKey, b.box.publicKey) &&
    bytesEqual(a.box.secretKey, b.box.secretKey)
  );
}

describe('key ring serialisation', () => {
  const ring = generateKeyRing();

  it('round-trips', () => {
    const text = serializeKeyRing(ring);
    const parsed = parseKeyRing(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(sameRing(parsed.value, ring)).toBe(true);
      expect(serializeKeyRing(parsed.value)).toBe(text);
    }
  });

  it('writes version 1 with base64 fields', () => {
    const json = JSON.parse(serializeKeyRing(ring)) as Json;
    expect(json.version).toBe(1);
    expect(json.sign.publicKey).toBe(encodeBase64(ring.sign.publicKey));
    expect(json.sign.secretKey).toBe(encodeBase64(ring.sign.secretKey));
    expect(json.box.publicKey).toBe(encodeBase64(ring.box.publicKey));
    expect(json.box.secretKey).toBe(encodeBase64(ring.box.secretKey));
  });

  it('rejects text that is not JSON or not an object', () => {
    expectFailure('', 'malformed');
    expectFailure('{"version":1,', 'malformed');
    expectFailure('null', 'malformed');
    expectFailure('[1]', 'malformed');
    expectFailure('"keys"', 'malformed');
  });

  it('rejects missing or mistyped fields', () => {
    expectFailure(
      edited(ring, (j) => {
        j.sign = 'x' as unknown as Record<string, unknown>;
      }),
      'malformed',
    );
    expectFailure(
      edited(ring, (j) => {
        delete j.box.publicKey;
      }),
      'malformed',
    );
    expectFailure(
      edited(ring, (j) => {
        j.sign.secretKey = 42;
      }),
      'malformed',
    );
  });

  it('rejects other versions', () => {
    for (const version of [0, 2, '1', null, undefined]) {
      expectFailure(
        edited(ring, (j) => {
          j.version = version;
        }),
        'unsupported-version',
      );
    }
  });

  it('rejects bad base64', () => {
    for (const bad of ['not base64!', 'AAA', 'AB==', `${String(encodeBase64(ring.box.secretKey)).slice(0, -1)}-`]) {
      expectFailure(
        edited(ring, (j) => {
          j.box.secretKey = bad;
        }),
        'bad-base64',
      );
    }
  });

  it('rejects wrong lengths in every field', () => {
    const cases: [keyof Json & ('sign' | 'box'), string, number][] = [
      ['sign', 'publicKey', 31],
      ['sign', 'secretKey', 32],
      ['box', 'publicKey', 33],
      ['box', 'secretKey', 64],
    ];
    for (const [section, field, length] of cases) {
      expectFailure(
        edited(ring, (j) => {
          j[section][field] = encodeBase64(new Uint8Array(length));
        }),
        'bad-length',
      );
    }
  });

  it('rejects public keys that do not match their secret keys', () => {
    const other = { sign: generateSignKeyPair(), box: generateBoxKeyPair() };
    expectFailure(
      edited(ring, (j) => {
        j.sign.publicKey = encodeBase64(other.sign.publicKey);
      }),
      'key-mismatch',
    );
    expectFailure(
      edited(ring, (j) => {
        j.box.publicKey = encodeBase64(other.box.publicKey);
      }),
      'key-mismatch',
    );
    // The public half inside the 64-byte secret key must also belong to the seed.
    const forged = new Uint8Array([...ring.sign.secretKey.subarray(0, 32), ...other.sign.publicKey]);
    expectFailure(
      edited(ring, (j) => {
        j.sign.secretKey = encodeBase64(forged);
      }),
      'key-mismatch',
    );
  });
});
