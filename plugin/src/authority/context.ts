import type { Cert, CertBody, ProofVerifier } from '../auth';
import type { Clock } from '../clock';
import type { Ed25519 } from '../crypto';
import type { AuthorityDb } from './db';
import type { AuthorityDht } from './dht-node';
import type { AuthorityKeys } from './keys';
import type { Logger } from './logger';
import type { RateLimiter } from './rate-limit';
import type { Signalling } from './signalling';

/** Everything the route groups share. */
export interface AuthorityContext {
  readonly db: AuthorityDb;
  readonly ed: Ed25519;
  readonly keys: AuthorityKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lifetime of key certificates, in ms. */
  readonly keyExpiryMs: number;
  readonly accountLimiter: RateLimiter;
  readonly proofLimiter: RateLimiter;
  readonly verifiers: Map<string, ProofVerifier>;
  readonly signalling: Signalling;
  /** Signs a certificate body with the authority key. */
  issue(body: CertBody): Promise<Cert>;
  /** The authority's own DHT node, once started (bans and issued certificates go into the DHT). */
  dht?: Pick<AuthorityDht, 'publishBan' | 'archiveCredentials'>;
}
