import { chmodSync, closeSync, existsSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, SIGN_SECRET_KEY_BYTES, signKeyPairFromSeed } from '../crypto';
import { decodeBase64, encodeBase64 } from '../util/base64';
import { bytesEqual, toHex } from '../util/bytes';
import type { Logger } from './logger';

/** Name of the authority's key file inside the data directory. */
export const KEY_FILE = 'authority-key.json';

/** The authority's identity: its Ed25519 key pair and the game it serves. */
export interface AuthorityKeys {
  readonly publicKey: Uint8Array;
  /** tweetnacl format: seed (32) || public key (32). */
  readonly secretKey: Uint8Array;
  readonly gameId: string;
}

interface KeyFileJson {
  version: 1;
  gameId: string;
  publicKey: string;
  secretKey: string;
}

/** A fresh random game id: 16 lowercase hex characters. */
export function randomGameId(): string {
  return toHex(randomBytes(8));
}

function parseKeyFile(text: string, file: string): AuthorityKeys {
  const fail = (why: string): never => {
    throw new Error(
      `authority key file ${file} is unusable (${why}); fix or remove it (removing it changes the authority key)`,
    );
  };
  let json: Partial<KeyFileJson>;
  try {
    json = JSON.parse(text) as Partial<KeyFileJson>;
  } catch {
    return fail('not JSON');
  }
  if (json.version !== 1) fail('unknown version');
  if (typeof json.gameId !== 'string' || json.gameId.length === 0) fail('no gameId');
  const secret = typeof json.secretKey === 'string' ? decodeBase64(json.secretKey) : undefined;
  const pub = typeof json.publicKey === 'string' ? decodeBase64(json.publicKey) : undefined;
  if (secret?.length !== SIGN_SECRET_KEY_BYTES || pub === undefined) return fail('bad key encoding');
  const pair = signKeyPairFromSeed(secret.subarray(0, 32));
  if (!bytesEqual(pair.secretKey, secret) || !bytesEqual(pair.publicKey, pub)) fail('keys do not match');
  return { publicKey: pair.publicKey, secretKey: pair.secretKey, gameId: json.gameId! };
}

/** Writes `text` to `file` with mode 0600, atomically (temporary file, then rename). */
function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Loads the authority's keys from `dataDir`, creating them (and a random game id) on first start.
 * A configured `gameId` overrides the stored one without rewriting the file.
 */
export function loadOrCreateKeys(dataDir: string, gameId: string | undefined, logger: Logger): AuthorityKeys {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      logger.warn(`authority key file ${file} had mode ${mode.toString(8)}; restricting it to 600`);
      chmodSync(file, 0o600);
    }
    const keys = parseKeyFile(readFileSync(file, 'utf8'), file);
    return gameId === undefined ? keys : { ...keys, gameId };
  }
  const pair = signKeyPairFromSeed(randomBytes(32));
  const keys: AuthorityKeys = {
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
    gameId: gameId ?? randomGameId(),
  };
  const json: KeyFileJson = {
    version: 1,
    gameId: keys.gameId,
    publicKey: encodeBase64(keys.publicKey),
    secretKey: encodeBase64(keys.secretKey),
  };
  writePrivate(file, `${JSON.stringify(json, null, 2)}\n`);
  logger.info(`created authority key ${encodeBase64(keys.publicKey)} for game ${keys.gameId} in ${file}`);
  return keys;
}
