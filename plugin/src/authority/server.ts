import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { type Cert, type CertBody, isPlayerId, issueCert, PEERJS_PATH, PROOF_KIND_PATTERN } from '../auth';
import { SystemClock } from '../clock';
import { createEd25519 } from '../crypto';
import { neoProofVerifier, ProofKind } from '../neo/proofs';
import { banPlayer } from './bans';
import type { AuthorityContext } from './context';
import { AuthorityDb } from './db';
import { type AuthorityDht, startAuthorityDht } from './dht-node';
import { cors, errorHandler, notFound } from './http';
import { loadOrCreateKeys } from './keys';
import { consoleLogger } from './logger';
import { type AuthorityServer, type AuthorityServerOptions, resolveOptions, serverUrl } from './options';
import { RateLimiter } from './rate-limit';
import { accountRoutes } from './routes/accounts';
import { authorityRoutes } from './routes/authority';
import { bootstrapRoutes } from './routes/bootstrap';
import { healthRoutes } from './routes/health';
import { proofRoutes } from './routes/proofs';
import { timeRoutes } from './routes/time';
import { type PeerAdmission, Signalling } from './signalling';
import { staticFiles } from './static';

/** Name of the SQLite database inside the data directory. */
export const DB_FILE = 'authority.db';

const DEFAULT_KEY_EXPIRY_MS = 24 * 60 * 60 * 1000;

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function admission(ctx: AuthorityContext, policy: 'registered' | 'any'): PeerAdmission {
  return (id) => {
    if (id === ctx.signalling.ownPeerId) return undefined;
    if (isPlayerId(id) && ctx.db.banById(id)) return 'player is banned';
    if (policy === 'any') return undefined;
    return isPlayerId(id) && ctx.db.accountById(id) ? undefined : 'peer id is not a registered player';
  };
}

function buildApp(ctx: AuthorityContext, server: Server, options: AuthorityServerOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(['/api', '/healthz'], cors);
  app.use(healthRoutes());
  app.use(authorityRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(timeRoutes(ctx));
  app.use(bootstrapRoutes(ctx));
  app.use(proofRoutes(ctx));
  app.use('/api', notFound);
  ctx.signalling.mount(app, server, PEERJS_PATH, admission(ctx, options.peerIds ?? 'registered'));
  if (options.staticDir !== undefined) app.use(staticFiles(options.staticDir));
  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}

/**
 * Starts the authority server: HTTP API, PeerJS signalling at `/peerjs` and (optionally) the
 * built game, on one port. Resolves once it is listening.
 */
export async function createAuthorityServer(options: AuthorityServerOptions = {}): Promise<AuthorityServer> {
  const { port, host, dataDir } = resolveOptions(options, process.env);
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? new SystemClock();
  const ed = options.ed ?? (await createEd25519());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = loadOrCreateKeys(dataDir, options.gameId, logger);
  const db = AuthorityDb.open(join(dataDir, DB_FILE));
  const accounts = options.rateLimit ?? { accountsPerWindow: 20, windowMs: 10 * 60 * 1000 };
  const ctx: AuthorityContext = {
    db,
    ed,
    keys,
    clock,
    logger,
    keyExpiryMs: options.keyExpiryMs ?? DEFAULT_KEY_EXPIRY_MS,
    accountLimiter: new RateLimiter({ perWindow: accounts.accountsPerWindow, windowMs: accounts.windowMs }, clock),
    proofLimiter: new RateLimiter(options.proofRateLimit ?? { perWindow: 60, windowMs: 60 * 1000 }, clock),
    // NEO's own proofs are judged out of the box, with the same code peers use to find them.
    verifiers: new Map(Object.values(ProofKind).map((kind) => [kind, neoProofVerifier(kind)])),
    signalling: new Signalling(logger),
    issue: (body: CertBody): Promise<Cert> => issueCert(ed, keys.secretKey, body),
  };
  const server = createServer();
  let dht: AuthorityDht | undefined;
  let closing: Promise<void> | undefined;
  const closeHttp = (): Promise<void> =>
    new Promise<void>((resolve) => {
      ctx.signalling.close();
      server.close(() => {
        db.close();
        resolve();
      });
      server.closeAllConnections();
      if (!server.listening) {
        db.close();
        resolve();
      }
    });
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ctx.dht = undefined;
      await dht?.close();
      await closeHttp();
    })();
    return closing;
  };
  try {
    server.on('request', buildApp(ctx, server, options));
    const actualPort = await listen(server, port, host);
    const url = serverUrl(host, actualPort);
    logger.info(`listening on ${url} (game ${keys.gameId}, data in ${dataDir})`);
    if (options.dht !== false) {
      try {
        dht = await startAuthorityDht(
          ctx,
          actualPort,
          options.dht === true || options.dht === undefined ? {} : options.dht,
        );
        ctx.dht = dht;
        logger.info(`dht node ${dht.peerId} started`);
      } catch (error) {
        logger.warn(`dht node not started: ${String(error)}`);
      }
    }
    return {
      url,
      port: actualPort,
      publicKey: keys.publicKey,
      gameId: keys.gameId,
      httpServer: server,
      setOwnPeerId: (id) => {
        ctx.signalling.ownPeerId = id;
      },
      registerProofVerifier: (kind, verifier) => {
        if (!PROOF_KIND_PATTERN.test(kind)) throw new RangeError(`invalid proof kind "${kind}"`);
        ctx.verifiers.set(kind, verifier);
      },
      ban: async (playerId, reason) => {
        if (!isPlayerId(playerId)) throw new RangeError(`invalid player id "${playerId}"`);
        return (await banPlayer(ctx, playerId, reason)).cert;
      },
      issue: ctx.issue,
      get dht() {
        return dht;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
