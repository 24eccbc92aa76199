import { Router } from 'express';
import { type AuthorityInfoJson, AuthorityPaths } from '../../auth';
import { encodeBase64 } from '../../util/base64';
import type { AuthorityContext } from '../context';
import { methodNotAllowed } from '../http';

/** `GET /api/authority` -> `{"gameId", "publicKey"}`. */
export function authorityRoutes(ctx: AuthorityContext): Router {
  const info: AuthorityInfoJson = { gameId: ctx.keys.gameId, publicKey: encodeBase64(ctx.keys.publicKey) };
  const router = Router();
  router
    .route(AuthorityPaths.authority)
    .get((_req, res) => {
      res.json(info);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
