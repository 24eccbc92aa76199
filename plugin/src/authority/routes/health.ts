import { Router } from 'express';
import { AuthorityPaths } from '../../auth';
import { methodNotAllowed } from '../http';

/** `GET /healthz` -> `{"ok":true}`. */
export function healthRoutes(): Router {
  const router = Router();
  router
    .route(AuthorityPaths.health)
    .get((_req, res) => {
      res.json({ ok: true });
    })
    .all(methodNotAllowed('GET'));
  return router;
}
