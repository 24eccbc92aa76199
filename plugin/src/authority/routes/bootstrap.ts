import { Router } from 'express';
import { AuthorityPaths, type BootstrapResponseJson } from '../../auth';
import type { AuthorityContext } from '../context';
import { methodNotAllowed } from '../http';

/** `GET /api/bootstrap` -> `{"peers": [ids]}`: own DHT peer first, then recently connected peers. */
export function bootstrapRoutes(ctx: AuthorityContext): Router {
  const router = Router();
  router
    .route(AuthorityPaths.bootstrap)
    .get((_req, res) => {
      const body: BootstrapResponseJson = { peers: ctx.signalling.bootstrapPeers() };
      res.setHeader('Cache-Control', 'no-store');
      res.json(body);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
