import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROOF_BYTES, MAX_REQUEST_BYTES, type RegisterRequestJson } from '../auth';
import { createEd25519, type Ed25519, generateKeyRing } from '../crypto';
import { encodeBase64 } from '../util/base64';
import type { AuthorityServer } from './options';
import { registrationBody, removeDir, startTestServer } from './testing';

let ed: Ed25519;
let server: AuthorityServer;
let dataDir: string;
/** A correctly signed registration body that has not been sent. */
let fresh: RegisterRequestJson;

beforeAll(async () => {
  ed = await createEd25519();
  ({ server, dataDir } = await startTestServer({ rateLimit: { accountsPerWindow: 1000, windowMs: 1000 } }));
  const taken = await registrationBody(ed, server.gameId, 'Taken', generateKeyRing());
  const res = await post('/api/accounts', JSON.stringify(taken));
  expect(res.status).toBe(201);
  fresh = await registrationBody(ed, server.gameId, 'Fresh', generateKeyRing());
});

afterAll(async () => {
  await server.close();
  removeDir(dataDir);
});

function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(server.url + path, { method: 'POST', headers, body });
}

const json = (value: unknown) => JSON.stringify(value);
const b64 = (n: number) => encodeBase64(new Uint8Array(n));

interface Case {
  readonly what: string;
  readonly send: () => Promise<Response>;
  readonly status: number;
  readonly error: RegExp;
}

const account = (patch: Record<string, unknown>) => post('/api/accounts', json({ ...fresh, ...patch }));

const cases: Case[] = [
  { what: 'malformed JSON', send: () => post('/api/accounts', '{"name": '), status: 400, error: /^malformed JSON$/ },
  { what: 'JSON scalar', send: () => post('/api/accounts', '42'), status: 400, error: /^malformed JSON$/ },
  {
    what: 'wrong content type',
    send: () => post('/api/accounts', json(fresh), { 'content-type': 'text/plain' }),
    status: 415,
    error: /content type must be application\/json/,
  },
  {
    what: 'no body',
    send: () => fetch(`${server.url}/api/accounts`, { method: 'POST' }),
    status: 400,
    error: /missing JSON body/,
  },
  {
    what: 'unsupported charset',
    send: () => post('/api/accounts', json(fresh), { 'content-type': 'application/json; charset=latin1' }),
    status: 415,
    error: /unsupported charset/,
  },
  {
    what: 'unsupported content encoding',
    send: () => post('/api/accounts', json(fresh), { 'content-type': 'application/json', 'content-encoding': 'bogus' }),
    status: 415,
    error: /unsupported content encoding/,
  },
  {
    what: 'oversized body',
    send: () => account({ name: 'x'.repeat(MAX_REQUEST_BYTES + 1) }),
    status: 413,
    error: /request body larger than 16384 bytes/,
  },
  { what: 'array body', send: () => post('/api/accounts', '[]'), status: 400, error: /body must be a JSON object/ },
  {
    what: 'missing field',
    send: () => post('/api/accounts', json({ ...fresh, signature: undefined })),
    status: 400,
    error: /missing field: signature/,
  },
  { what: 'unknown field', send: () => account({ extra: 1 }), status: 400, error: /unknown field: extra/ },
  { what: 'wrong field type', send: () => account({ name: 5 }), status: 400, error: /field name must be a string/ },
  {
    what: 'null field',
    send: () => account({ boxPublicKey: null }),
    status: 400,
    error: /field boxPublicKey must be a string/,
  },
  {
    what: 'invalid name',
    send: () => account({ name: '1st' }),
    status: 400,
    error: /invalid name: name must start with a letter/,
  },
  {
    what: 'name too short',
    send: () => account({ name: 'ab' }),
    status: 400,
    error: /invalid name: name must be 3 to 20/,
  },
  {
    what: 'bad base64',
    send: () => account({ signPublicKey: 'not base64!' }),
    status: 400,
    error: /field signPublicKey is not valid base64/,
  },
  {
    what: 'non-canonical base64',
    send: () => account({ boxPublicKey: `${b64(32).slice(0, -2)}B=` }),
    status: 400,
    error: /field boxPublicKey is not valid base64/,
  },
  {
    what: 'short sign key',
    send: () => account({ signPublicKey: b64(31) }),
    status: 400,
    error: /field signPublicKey must be 32 bytes, got 31/,
  },
  {
    what: 'long box key',
    send: () => account({ boxPublicKey: b64(33) }),
    status: 400,
    error: /field boxPublicKey must be 32 bytes, got 33/,
  },
  {
    what: 'huge key field',
    send: () => account({ boxPublicKey: b64(600) }),
    status: 400,
    error: /field boxPublicKey is longer than/,
  },
  {
    what: 'short signature',
    send: () => account({ signature: b64(63) }),
    status: 400,
    error: /field signature must be 64 bytes/,
  },
  {
    what: 'signature that does not verify',
    send: () => account({ signature: b64(64) }),
    status: 400,
    error: /^signature does not verify$/,
  },
  {
    what: 'signature over another name',
    send: () => account({ name: 'Other' }),
    status: 400,
    error: /^signature does not verify$/,
  },
  {
    what: 'duplicate name',
    send: async () =>
      post('/api/accounts', json(await registrationBody(ed, server.gameId, 'taken', generateKeyRing()))),
    status: 409,
    error: /^name taken$/,
  },
  {
    what: 'proof with another game id',
    send: async () =>
      post('/api/accounts', json(await registrationBody(ed, 'another-game', 'Gamer', generateKeyRing()))),
    status: 400,
    error: /^signature does not verify$/,
  },
  {
    what: 'unknown API route',
    send: () => fetch(`${server.url}/api/nothing`),
    status: 404,
    error: /not found: GET \/api\/nothing/,
  },
  {
    what: 'unknown API POST',
    send: () => post('/api/nothing', '{}'),
    status: 404,
    error: /not found: POST \/api\/nothing/,
  },
  {
    what: 'wrong method',
    send: () => fetch(`${server.url}/api/accounts`, { method: 'PUT' }),
    status: 405,
    error: /method PUT not allowed; use POST/,
  },
  { what: 'GET accounts', send: () => fetch(`${server.url}/api/accounts`), status: 405, error: /not allowed/ },
  { what: 'proof: malformed JSON', send: () => post('/api/proofs', '{'), status: 400, error: /^malformed JSON$/ },
  {
    what: 'proof: missing kind',
    send: () => post('/api/proofs', json({ proof: 'AA==' })),
    status: 400,
    error: /missing field: kind/,
  },
  {
    what: 'proof: invalid kind',
    send: () => post('/api/proofs', json({ kind: 'Bad Kind', proof: 'AA==' })),
    status: 400,
    error: /invalid proof kind/,
  },
  {
    what: 'proof: unknown kind',
    send: () => post('/api/proofs', json({ kind: 'neo.none', proof: 'AA==' })),
    status: 400,
    error: /^unknown proof kind$/,
  },
  {
    what: 'proof: bad base64',
    send: () => post('/api/proofs', json({ kind: 'neo.none', proof: '@@@@' })),
    status: 400,
    error: /field proof is not valid base64/,
  },
  {
    what: 'proof: too large',
    send: () => post('/api/proofs', json({ kind: 'neo.none', proof: b64(MAX_PROOF_BYTES + 1) })),
    status: 400,
    error: /^field proof is larger than 11264 bytes$/,
  },
  {
    what: 'ban: invalid player id',
    send: () => fetch(`${server.url}/api/bans/NOT-AN-ID`),
    status: 400,
    error: /invalid player id/,
  },
  {
    what: 'ban: not banned',
    send: () => fetch(`${server.url}/api/bans/${'a'.repeat(32)}`),
    status: 404,
    error: /^not banned$/,
  },
  {
    what: 'ban: bad URL encoding',
    send: () => fetch(`${server.url}/api/bans/%E0%A4%A`),
    status: 400,
    error: /failed to decode param/i,
  },
  { what: 'time: POST', send: () => post('/api/time', '{}'), status: 405, error: /use GET/ },
];

describe('bad input gets a 4xx JSON error naming the problem', () => {
  it.each(cases)('$what -> $status', async ({ send, status, error }) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error?: unknown };
    expect(body.error).toMatch(error);
  });

  it('the valid body used above is accepted afterwards', async () => {
    const res = await post('/api/accounts', json(fresh));
    expect(res.status).toBe(201);
  });
});
