import { beforeAll, describe, expect, it } from 'vitest';
import { createEd25519, type Ed25519, generateKeyRing, generateSignKeyPair, type SignKeyPair } from '../crypto';
import { encodeBase64 } from '../util/base64';
import { encodeCanonical } from '../wire';
import {
  type Cert,
  type CertBody,
  certFromJson,
  certToJson,
  issueCert,
  MAX_CERT_BODY_BYTES,
  parseCertBody,
  verifyCert,
} from './cert';
import { AuthError, AuthErrorCode } from './errors';
import { playerIdFromSignKey } from './player';

let ed: Ed25519;
let authority: SignKeyPair;
const NOW = 1_700_000_000_000;
const ring = generateKeyRing();
const id = playerIdFromSignKey(ring.sign.publicKey);
const keyBody: CertBody = { t: 'key', id, exp: NOW + 1000 };
const identityBody: CertBody = { t: 'pk', id, name: 'Alice', sign: ring.sign.publicKey, box: ring.box.publicKey };
const banBody: CertBody = { t: 'ban', id, reason: 'equivocation', at: NOW };

beforeAll(async () => {
  ed = await createEd25519();
  authority = generateSignKeyPair();
});

async function code(cert: Cert, options: Parameters<typeof verifyCert>[3] = { now: NOW }): Promise<string> {
  const r = await verifyCert(ed, authority.publicKey, cert, options);
  if (r.ok) return 'ok';
  expect(r.error).toBeInstanceOf(AuthError);
  return r.error.code;
}

/** Signs arbitrary bytes as if they were a body (the authority's key, so only the body is wrong). */
async function signRaw(body: Uint8Array): Promise<Cert> {
  return { body, signature: await ed.sign(authority.secretKey, body) };
}

describe('certificates', () => {
  it.each([keyBody, identityBody, banBody])('round-trips a "$t" certificate', async (body) => {
    const cert = await issueCert(ed, authority.secretKey, body);
    expect(cert.body).toEqual(encodeCanonical(body));
    const r = await verifyCert(ed, authority.publicKey, cert, { now: NOW, expect: body.t });
    expect(r).toEqual({ ok: true, value: body });
  });

  it('survives the JSON form', async () => {
    const cert = await issueCert(ed, authority.secretKey, identityBody);
    const json = JSON.parse(JSON.stringify(certToJson(cert)));
    const back = certFromJson(json);
    expect(back.ok && (await code(back.value))).toBe('ok');
  });

  it('gives a distinct error code for each way a certificate fails', async () => {
    const good = await issueCert(ed, authority.secretKey, keyBody);
    const forged = { body: good.body, signature: good.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    const tampered = {
      body: good.body.map((b, i) => (i === good.body.length - 1 ? b ^ 1 : b)),
      signature: good.signature,
    };
    const otherAuthority = generateSignKeyPair();
    const foreign = await issueCert(ed, otherAuthority.secretKey, keyBody);
    const expired = await issueCert(ed, authority.secretKey, { t: 'key', id, exp: NOW });
    const truncated = await signRaw(good.body.subarray(0, good.body.length - 3));
    const oversized = await signRaw(new Uint8Array(MAX_CERT_BODY_BYTES + 1));
    const unknownType = await signRaw(encodeCanonical({ t: 'xyz', id }));
    const extraField = await signRaw(encodeCanonical({ ...keyBody, extra: 1 }));
    const badId = await signRaw(encodeCanonical({ ...keyBody, id: 'ABC' }));
    const shortKey = await signRaw(encodeCanonical({ ...identityBody, box: new Uint8Array(31) }));
    const badName = await signRaw(encodeCanonical({ ...identityBody, name: '1abc' }));

    expect(await code(good)).toBe('ok');
    expect(await code(forged)).toBe(AuthErrorCode.BadSignature);
    expect(await code(tampered)).toBe(AuthErrorCode.BadSignature);
    expect(await code(foreign)).toBe(AuthErrorCode.BadSignature);
    expect(await code(expired)).toBe(AuthErrorCode.Expired);
    expect(await code(good, { now: NOW, expect: 'pk' })).toBe(AuthErrorCode.WrongType);
    expect(await code(truncated)).toBe(AuthErrorCode.Malformed);
    expect(await code(oversized)).toBe(AuthErrorCode.TooLarge);
    expect(await code(unknownType)).toBe(AuthErrorCode.Malformed);
    expect(await code(extraField)).toBe(AuthErrorCode.Malformed);
    expect(await code(badId)).toBe(AuthErrorCode.Malformed);
    expect(await code(shortKey)).toBe(AuthErrorCode.Malformed);
    expect(await code(badName)).toBe(AuthErrorCode.Malformed);
    expect(await code({ body: good.body, signature: good.signature.subarray(0, 63) })).toBe(AuthErrorCode.Malformed);
  });

  it('checks the signature before decoding the body', async () => {
    const garbage = { body: new Uint8Array([0xc1, 0xc1]), signature: new Uint8Array(64) };
    expect(await code(garbage)).toBe(AuthErrorCode.BadSignature);
  });

  it('expiry applies to key certificates only, at exp itself', async () => {
    const key = await issueCert(ed, authority.secretKey, keyBody);
    expect(await code(key, { now: NOW + 999 })).toBe('ok');
    expect(await code(key, { now: NOW + 1000 })).toBe(AuthErrorCode.Expired);
    const ban = await issueCert(ed, authority.secretKey, banBody);
    expect(await code(ban, { now: Number.MAX_SAFE_INTEGER })).toBe('ok');
  });

  it('refuses to issue an oversized body', async () => {
    const huge: CertBody = { t: 'ban', id, reason: 'x'.repeat(2000), at: NOW };
    await expect(issueCert(ed, authority.secretKey, huge)).rejects.toMatchObject({ code: AuthErrorCode.TooLarge });
  });

  it('parses the JSON form strictly', () => {
    const sig = encodeBase64(new Uint8Array(64));
    expect(certFromJson({ body: 'AAAA', signature: sig }).ok).toBe(true);
    const codes = [
      certFromJson(null),
      certFromJson({ body: 1, signature: sig }),
      certFromJson({ body: 'AAA', signature: sig }),
      certFromJson({ body: 'AAAA', signature: 'AAAA' }),
      certFromJson({ body: encodeBase64(new Uint8Array(MAX_CERT_BODY_BYTES + 1)), signature: sig }),
    ].map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual(['malformed', 'malformed', 'malformed', 'malformed', 'too-large']);
  });

  it('parseCertBody copies key bytes out of the input buffer', () => {
    const bytes = encodeCanonical(identityBody);
    const r = parseCertBody(bytes);
    bytes.fill(0);
    expect(r.ok && r.value.t === 'pk' && r.value.sign).toEqual(ring.sign.publicKey);
  });
});
