import type { Server } from 'node:http';
import type { Cert, CertBody, ProofVerifier } from '../auth';
import type { Clock } from '../clock';
import type { Ed25519 } from '../crypto';
import type { AuthorityDht, AuthorityDhtOptions } from './dht-node';
import type { Logger } from './logger';
import type { RateLimitConfig } from './rate-limit';

/** Options of `createAuthorityServer`; every field is optional. */
export interface AuthorityServerOptions {
  /** TCP port (default: `PORT` env, else 8787; 0 picks a free port). */
  readonly port?: number;
  /** Interface to listen on (default: all interfaces). */
  readonly host?: string;
  /** Directory for the key file and the SQLite database (default: `DATA_DIR` env, else `.data`). */
  readonly dataDir?: string;
  /** Directory of static files served at `/` (the built game). */
  readonly staticDir?: string;
  /** Game id; default: the one stored in the data directory, created randomly on first start. */
  readonly gameId?: string;
  /** Clock for `/api/time`, certificate times and rate limits (default: system clock). */
  readonly clock?: Clock;
  /** Account creation budget per client address (default 20 per 10 minutes). */
  readonly rateLimit?: { readonly accountsPerWindow: number; readonly windowMs: number };
  /** Proof submission budget per client address (default 60 per minute). */
  readonly proofRateLimit?: RateLimitConfig;
  /** Lifetime of key certificates in ms (default 24 hours). */
  readonly keyExpiryMs?: number;
  /**
   * Which PeerJS ids may connect to signalling: `'registered'` (default) admits registered,
   * unbanned player ids and the authority's own peer id; `'any'` admits every id but banned ones.
   */
  readonly peerIds?: 'registered' | 'any';
  /** Express `trust proxy` setting, for rate limiting by the real client address behind a proxy. */
  readonly trustProxy?: boolean | string | number;
  /** Ed25519 implementation (default `createEd25519()`). */
  readonly ed?: Ed25519;
  readonly logger?: Logger;
  /**
   * Runs the authority's own DHT node (WebRTC in Node): the first bootstrap contact and the
   * archival replica of permanent records; bans are published into the DHT. Default on; `false`
   * for tests that do not need it. A node that fails to start is logged, not fatal.
   */
  readonly dht?: boolean | AuthorityDhtOptions;
}

/** A running authority server. */
export interface AuthorityServer {
  /** Base URL, e.g. `http://localhost:8787` (wildcard hosts shown as `localhost`). */
  readonly url: string;
  readonly port: number;
  /** The authority's Ed25519 public key (peers pin it). */
  readonly publicKey: Uint8Array;
  readonly gameId: string;
  /** The underlying HTTP server (PeerJS WebSockets live on it too). */
  readonly httpServer: Server;
  /** Sets the authority's own DHT peer id: listed first in `/api/bootstrap`, admitted to signalling. */
  setOwnPeerId(id: string | undefined): void;
  /** Registers (or replaces) the verifier of one proof kind for `POST /api/proofs`. */
  registerProofVerifier(kind: string, verifier: ProofVerifier): void;
  /** Bans a player directly (operator action); returns the ban certificate. */
  ban(playerId: string, reason: string): Promise<Cert>;
  /** Signs a certificate body with the authority key (for the authority's own DHT peer). */
  issue(body: CertBody): Promise<Cert>;
  /** The authority's DHT node, when running. */
  readonly dht: AuthorityDht | undefined;
  /** Closes the DHT node, signalling, the HTTP server and the database. Idempotent. */
  close(): Promise<void>;
}

/** Options with environment variables and defaults applied. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string | undefined;
  readonly dataDir: string;
}

function envPort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT ${text} is not a port number`);
  return port;
}

/** Applies `PORT`, `DATA_DIR` and the defaults. */
export function resolveOptions(options: AuthorityServerOptions, env: NodeJS.ProcessEnv): ResolvedOptions {
  const port = options.port ?? envPort(env.PORT) ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port ${port} is not a port number`);
  return {
    port,
    host: options.host,
    dataDir: options.dataDir ?? (env.DATA_DIR || '.data'),
  };
}

/** The URL clients use for a server listening on `host:port`. */
export function serverUrl(host: string | undefined, port: number): string {
  const shown = host === undefined || host === '' || host === '::' || host === '0.0.0.0' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
