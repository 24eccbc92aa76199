/** Helpers for tests that run a real authority server on port 0 with a temporary data directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorityClient, type RegisterRequestJson, registrationMessage } from '../auth';
import type { Ed25519, KeyRing } from '../crypto';
import { encodeBase64 } from '../util/base64';
import { silentLogger } from './logger';
import type { AuthorityServer, AuthorityServerOptions } from './options';
import { createAuthorityServer } from './server';

/** A fresh temporary data directory; remove it with {@link removeDir}. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'authority-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts a server on 127.0.0.1:0 (silent, no DHT node unless asked, in `dataDir` or a new temporary one) with a client for it. */
export async function startTestServer(
  options: AuthorityServerOptions = {},
): Promise<{ server: AuthorityServer; client: AuthorityClient; dataDir: string }> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = await createAuthorityServer({
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    dht: false,
    ...options,
    dataDir,
  });
  return { server, client: new AuthorityClient({ baseUrl: server.url, clock: options.clock }), dataDir };
}

/** The JSON body of `POST /api/accounts` for `ring` and `name`, signed correctly. */
export async function registrationBody(
  ed: Ed25519,
  gameId: string,
  name: string,
  ring: KeyRing,
): Promise<RegisterRequestJson> {
  const message = registrationMessage(gameId, name, ring.sign.publicKey, ring.box.publicKey);
  return {
    name,
    signPublicKey: encodeBase64(ring.sign.publicKey),
    boxPublicKey: encodeBase64(ring.box.publicKey),
    signature: encodeBase64(await ed.sign(ring.sign.secretKey, message)),
  };
}
