/**
 * Who this browser is: its key ring for the chosen name (reloaded from IndexedDB, or made and
 * stored on first use), registered with the authority, which returns fresh certificates.
 */
import type { AppError } from '../debug-handle';
import { loadIdentity, saveIdentity } from '../storage';
import {
  AuthErrorCode,
  type AuthorityClient,
  type Ed25519,
  err,
  generateKeyRing,
  type KeyRing,
  ok,
  type PlayerCredentials,
  parseKeyRing,
  type Result,
  serializeKeyRing,
} from './lib';

/** A registered player, ready to open its peer. */
export interface Identity {
  readonly playerId: string;
  readonly name: string;
  readonly ring: KeyRing;
  readonly gameId: string;
  readonly authorityKey: Uint8Array;
  readonly credentials: PlayerCredentials;
  /** True when this browser had registered the name before. */
  readonly returning: boolean;
}

/** The stored key ring for `name`, or a new one (stored before registering, so it is never lost). */
async function keyRingFor(name: string): Promise<Result<{ ring: KeyRing; returning: boolean }, AppError>> {
  try {
    const stored = await loadIdentity(name);
    if (stored !== undefined) {
      const parsed = parseKeyRing(stored.ring);
      if (parsed.ok) return ok({ ring: parsed.value, returning: true });
    }
    const ring = generateKeyRing();
    await saveIdentity({ name, ring: serializeKeyRing(ring), savedAt: Date.now() });
    return ok({ ring, returning: false });
  } catch (cause) {
    return err({ code: 'storage-unavailable', message: `Cannot store your keys in this browser: ${String(cause)}` });
  }
}

/** Registers `name` (or renews its certificates); an {@link AppError} for the error screen on failure. */
export async function register(
  client: AuthorityClient,
  ed: Ed25519,
  name: string,
  signal?: AbortSignal,
): Promise<Result<Identity, AppError>> {
  const stored = await keyRingFor(name);
  if (!stored.ok) return stored;
  const keys = stored.value;
  const info = await client.getAuthority(signal);
  if (!info.ok) return err(toAppError(info.error.code, info.error.message));
  const registration = await client.register({ name, ring: keys.ring, ed }, signal);
  if (!registration.ok) return err(toAppError(registration.error.code, registration.error.message, name));
  const { playerId, credentials } = registration.value;
  // Refresh the record's timestamp so the join form suggests the most recent name.
  await saveIdentity({ name, ring: serializeKeyRing(keys.ring), savedAt: Date.now() }).catch(() => undefined);
  return ok({
    playerId,
    name,
    ring: keys.ring,
    gameId: info.value.gameId,
    authorityKey: info.value.publicKey,
    credentials,
    returning: keys.returning,
  });
}

function toAppError(code: string, message: string, name?: string): AppError {
  switch (code) {
    case AuthErrorCode.Unreachable:
      return { code: 'authority-unreachable', message: 'The game server cannot be reached. Try again later.' };
    case AuthErrorCode.NameTaken:
      return { code: 'name-taken', message: `The name "${name ?? ''}" is already taken by another player.` };
    case AuthErrorCode.Banned:
      return { code: 'banned', message: `This player is banned: ${message}` };
    case AuthErrorCode.InvalidName:
      return { code: 'invalid-name', message: `Invalid name: ${message}` };
    case AuthErrorCode.RateLimited:
      return { code: 'authority-unreachable', message: 'Too many attempts from this address; try again in a while.' };
    default:
      return { code: 'internal', message: `Registration failed (${code}): ${message}` };
  }
}
