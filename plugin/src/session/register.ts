/**
 * Who the player is: its key ring for the chosen name (reloaded from the key store, or made and
 * stored on first use), registered with the authority, which returns fresh certificates.
 */
import type { AuthorityClient } from '../auth/client';
import { AuthError, AuthErrorCode } from '../auth/errors';
import type { PlayerCredentials } from '../auth/player';
import type { Ed25519 } from '../crypto/ed25519';
import { generateKeyRing, type KeyRing, parseKeyRing, serializeKeyRing } from '../crypto/keyring';
import { err, ok, type Result } from '../util/result';
import { SessionError, SessionErrorCode, sessionErrorFromAuth } from './errors';
import type { KeyStore } from './key-store';
import type { SessionClock } from './session-clock';

/** A player's key ring and whether the store already held it. */
export interface StoredKeys {
  readonly ring: KeyRing;
  /** True when the ring was found in the store (this player registered the name before). */
  readonly returning: boolean;
}

/** A registered player, ready to open its transport. */
export interface Identity extends StoredKeys {
  readonly playerId: string;
  readonly name: string;
  readonly gameId: string;
  readonly authorityKey: Uint8Array;
  readonly credentials: PlayerCredentials;
}

/**
 * The stored key ring of `name`, or a new one, stored before registering so it is never lost.
 * A stored ring that no longer parses is replaced (the name is then likely taken by the old key).
 */
export async function keyRingFor(store: KeyStore, name: string): Promise<Result<StoredKeys, SessionError>> {
  try {
    const stored = await store.load(name);
    if (stored !== undefined) {
      const parsed = parseKeyRing(stored);
      if (parsed.ok) return ok({ ring: parsed.value, returning: true });
    }
    const ring = generateKeyRing();
    await store.save(name, serializeKeyRing(ring));
    return ok({ ring, returning: false });
  } catch (cause) {
    return err(
      new SessionError(SessionErrorCode.StorageUnavailable, `Cannot store your keys on this device: ${String(cause)}`, {
        cause,
      }),
    );
  }
}

/**
 * Measures the authority's clock (setting `clock`'s offset, so certificates are checked on the
 * authority's time), then registers `name` for `keys` (or renews the certificates of a returning
 * player). A clock sample that fails for another reason than an unreachable authority is not fatal.
 */
export async function register(params: {
  readonly client: AuthorityClient;
  readonly clock: SessionClock;
  readonly ed: Ed25519;
  readonly store: KeyStore;
  readonly name: string;
  readonly keys: StoredKeys;
  readonly signal?: AbortSignal;
}): Promise<Result<Identity, SessionError>> {
  const { client, clock, ed, name, keys, signal } = params;
  const failed = await clock.sampleAuthority(signal);
  if (
    failed instanceof AuthError &&
    (failed.code === AuthErrorCode.Unreachable || failed.code === AuthErrorCode.Aborted)
  ) {
    return err(sessionErrorFromAuth(failed, name));
  }
  const info = await client.getAuthority(signal);
  if (!info.ok) return err(sessionErrorFromAuth(info.error, name));
  const registration = await client.register({ name, ring: keys.ring, ed }, signal);
  if (!registration.ok) return err(sessionErrorFromAuth(registration.error, name));
  // Saved again so `lastName` names the player who played last.
  await params.store.save(name, serializeKeyRing(keys.ring)).catch(() => undefined);
  return ok({
    ...keys,
    playerId: registration.value.playerId,
    name,
    gameId: info.value.gameId,
    authorityKey: info.value.publicKey,
    credentials: registration.value.credentials,
  });
}
