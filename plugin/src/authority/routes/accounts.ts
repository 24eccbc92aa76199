import { Router } from 'express';
import {
  AuthorityPaths,
  certToJson,
  MAX_NAME_LENGTH,
  PUBLIC_KEY_BYTES,
  playerIdFromSignKey,
  type RegisterResponseJson,
  registrationMessage,
  validateName,
} from '../../auth';
import { bytesEqual } from '../../util/bytes';
import type { AuthorityContext } from '../context';
import { HttpError, jsonBody, methodNotAllowed, rateLimited, route } from '../http';
import { bytesField, objectBody, stringField } from '../validate';

const FIELDS = ['name', 'signPublicKey', 'boxPublicKey', 'signature'] as const;

type Outcome = { readonly status: 200 | 201; readonly name: string };

/**
 * `POST /api/accounts`: registers a name for a signing key (201), or renews the certificates
 * of the key that already owns the name (200). See `plugin/spec/authority.md`.
 */
export function accountRoutes(ctx: AuthorityContext): Router {
  const router = Router();
  router
    .route(AuthorityPaths.accounts)
    .post(
      rateLimited(ctx.accountLimiter),
      ...jsonBody,
      route(async (req, res) => {
        const body = objectBody(req, FIELDS);
        const name = validateName(stringField(body, 'name', MAX_NAME_LENGTH * 4));
        if (!name.ok) throw new HttpError(400, `invalid name: ${name.error.message}`);
        const sign = bytesField(body, 'signPublicKey', PUBLIC_KEY_BYTES);
        const box = bytesField(body, 'boxPublicKey', PUBLIC_KEY_BYTES);
        const signature = bytesField(body, 'signature', 64);
        const message = registrationMessage(ctx.keys.gameId, name.value, sign, box);
        if (!(await ctx.ed.verify(sign, message, signature))) {
          throw new HttpError(400, 'signature does not verify');
        }
        const id = playerIdFromSignKey(sign);
        const ban = ctx.db.banById(id);
        if (ban) throw new HttpError(403, 'banned', { reason: ban.reason, ban: certToJson(ban.cert) });

        const now = ctx.clock.now();
        // Synchronous check-and-write: no other request runs in between.
        const outcome = ctx.db.transaction((): Outcome => {
          const byName = ctx.db.accountByName(name.value);
          if (byName && byName.id !== id) throw new HttpError(409, 'name taken');
          if (byName) {
            ctx.db.renewAccount(id, name.value, box, now);
            return { status: 200, name: name.value };
          }
          const byKey = ctx.db.accountById(id);
          if (byKey) throw new HttpError(409, `signing key already registered as ${byKey.name}`);
          ctx.db.insertAccount({ id, name: name.value, sign, box, createdAt: now });
          return { status: 201, name: name.value };
        });
        if (outcome.status === 201) ctx.logger.info(`registered ${outcome.name} as ${id}`);

        const stored = ctx.db.accountById(id);
        if (!stored || !bytesEqual(stored.sign, sign)) throw new Error(`account ${id} vanished`);
        const key = await ctx.issue({ t: 'key', id, exp: now + ctx.keyExpiryMs });
        const identity = await ctx.issue({ t: 'pk', id, name: stored.name, sign: stored.sign, box: stored.box });
        ctx.dht?.archiveCredentials(id, { key, identity });
        const answer: RegisterResponseJson = {
          playerId: id,
          certificates: { key: certToJson(key), identity: certToJson(identity) },
        };
        res.status(outcome.status).json(answer);
      }),
    )
    .all(methodNotAllowed('POST'));
  return router;
}
