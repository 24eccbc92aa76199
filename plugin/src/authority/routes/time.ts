import { Router } from 'express';
import { AuthorityPaths, type TimeResponseJson } from '../../auth';
import type { AuthorityContext } from '../context';
import { methodNotAllowed } from '../http';

/** `GET /api/time` -> `{"now": ms}` from the injected clock; never cached. */
export function timeRoutes(ctx: AuthorityContext): Router {
  const router = Router();
  router
    .route(AuthorityPaths.time)
    .get((_req, res) => {
      const body: TimeResponseJson = { now: ctx.clock.now() };
      res.setHeader('Cache-Control', 'no-store');
      res.json(body);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
