/**
 * The authority server (Node only): accounts and certificates, clock, bootstrap contacts, cheat
 * proofs -> bans, PeerJS signalling and the built game on one port. See `plugin/spec/authority.md`.
 *
 * ```ts
 * const server = await createAuthorityServer({ staticDir: 'dist' });
 * process.on('SIGINT', () => void server.close());
 * ```
 */
export type { AccountInfo, ProofContext, ProofVerdict, ProofVerifier } from '../auth';
export { KEY_FILE } from './keys';
export { consoleLogger, type Logger, silentLogger } from './logger';
export type { AuthorityServer, AuthorityServerOptions } from './options';
export { type RateLimitConfig, RateLimiter } from './rate-limit';
export { createAuthorityServer, DB_FILE } from './server';
