import { type Ed25519, sha512 } from '../crypto';
import { toHex } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { encodeValue } from '../wire';
import { type Cert, verifyCert } from './cert';
import { AuthError, AuthErrorCode } from './errors';

/** Bytes of SHA-512(sign key) that make a player id (16 bytes = 32 hex characters). */
export const PLAYER_ID_BYTES = 16;
/** Domain tag, first element of the signed registration array. */
export const REGISTRATION_DOMAIN = 'register';

/**
 * A player's id: lowercase hex of the first 16 bytes of SHA-512 of its Ed25519 public key. It is
 * also the player's PeerJS id; the DHT node id is the first 32 bytes of the same hash.
 */
export function playerIdFromSignKey(signPublicKey: Uint8Array): string {
  return toHex(sha512(signPublicKey).subarray(0, PLAYER_ID_BYTES));
}

/**
 * The bytes a new player signs with its signing key to register: the msgpack array
 * `["register", gameId, name, signPublicKey, boxPublicKey]` (keys as bin).
 */
export function registrationMessage(
  gameId: string,
  name: string,
  signPublicKey: Uint8Array,
  boxPublicKey: Uint8Array,
): Uint8Array {
  return encodeValue([REGISTRATION_DOMAIN, gameId, name, signPublicKey, boxPublicKey]);
}

/** The two certificates a player presents to peers. */
export interface PlayerCredentials {
  /** `{t:"key", id, exp}`: the id may take part until `exp`. */
  readonly key: Cert;
  /** `{t:"pk", id, name, sign, box}`: the id's keys and name. */
  readonly identity: Cert;
}

/** What a peer learns from valid {@link PlayerCredentials}. */
export interface VerifiedPlayer {
  readonly id: string;
  readonly name: string;
  readonly sign: Uint8Array;
  readonly box: Uint8Array;
  /** Expiry of the key certificate (unix ms). */
  readonly expires: number;
}

/**
 * Checks a player's certificates offline: both signed by the authority, of the right types, the
 * key certificate not expired at `now`, both naming the same id, and that id derived from the
 * identity's signing key. Bans are checked separately.
 */
export async function verifyPlayerCerts(
  ed: Ed25519,
  authorityPublicKey: Uint8Array,
  credentials: PlayerCredentials,
  now: number,
): Promise<Result<VerifiedPlayer, AuthError>> {
  const key = await verifyCert(ed, authorityPublicKey, credentials.key, { now, expect: 'key' });
  if (!key.ok) return key;
  const identity = await verifyCert(ed, authorityPublicKey, credentials.identity, { now, expect: 'pk' });
  if (!identity.ok) return identity;
  if (key.value.id !== identity.value.id) {
    return err(new AuthError(AuthErrorCode.Mismatch, 'key and identity certificates name different players'));
  }
  if (playerIdFromSignKey(identity.value.sign) !== identity.value.id) {
    return err(new AuthError(AuthErrorCode.Mismatch, 'player id is not derived from the signing key'));
  }
  const { id, name, sign, box } = identity.value;
  return ok({ id, name, sign, box, expires: key.value.exp });
}
