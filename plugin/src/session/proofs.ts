import { type Cert, verifyCert } from '../auth/cert';
import type { Ed25519 } from '../crypto/ed25519';
import type { VerifiedBan } from '../dht';

/**
 * The ban the authority answered a cheat proof with, once its signature checks out under the
 * pinned authority key; `undefined` for anything else (a compromised path must not let a forged
 * answer ban an honest player).
 */
export async function acceptBan(ed: Ed25519, authorityKey: Uint8Array, cert: Cert): Promise<VerifiedBan | undefined> {
  const body = await verifyCert(ed, authorityKey, cert, { now: 0, expect: 'ban' });
  return body.ok ? { cert, body: body.value } : undefined;
}
