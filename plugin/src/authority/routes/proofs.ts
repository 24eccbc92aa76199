import { Router } from 'express';
import {
  AuthorityPaths,
  type BanResponseJson,
  certToJson,
  isPlayerId,
  MAX_PROOF_BYTES,
  PROOF_KIND_PATTERN,
  type ProofContext,
  type ProofVerdict,
} from '../../auth';
import { banPlayer } from '../bans';
import type { AuthorityContext } from '../context';
import { HttpError, jsonBody, methodNotAllowed, rateLimited, route } from '../http';
import { bytesField, objectBody, stringField } from '../validate';

async function judge(ctx: AuthorityContext, kind: string, proof: Uint8Array): Promise<ProofVerdict> {
  const verifier = ctx.verifiers.get(kind);
  if (verifier === undefined) throw new HttpError(400, 'unknown proof kind');
  const context: ProofContext = {
    gameId: ctx.keys.gameId,
    authorityPublicKey: ctx.keys.publicKey,
    ed: ctx.ed,
    now: ctx.clock.now(),
    account: (id) => ctx.db.accountById(id),
  };
  try {
    return await verifier(proof, context);
  } catch (error) {
    ctx.logger.warn(`proof verifier "${kind}" threw: ${String(error)}`);
    return { ok: false, error: 'verifier could not read the proof' };
  }
}

/**
 * `POST /api/proofs` (a cheat proof -> a signed ban) and `GET /api/bans/:playerId`.
 * Proof kinds are judged by the verifiers registered with `registerProofVerifier`.
 */
export function proofRoutes(ctx: AuthorityContext): Router {
  const router = Router();
  router
    .route(AuthorityPaths.proofs)
    .post(
      rateLimited(ctx.proofLimiter),
      ...jsonBody,
      route(async (req, res) => {
        const body = objectBody(req, ['kind', 'proof']);
        const kind = stringField(body, 'kind', 64);
        if (!PROOF_KIND_PATTERN.test(kind)) throw new HttpError(400, 'invalid proof kind');
        const proof = bytesField(body, 'proof', { max: MAX_PROOF_BYTES });
        const verdict = await judge(ctx, kind, proof);
        if (!verdict.ok) throw new HttpError(400, `not a proof: ${String(verdict.error).slice(0, 200)}`);
        const { playerId, reason } = verdict.value;
        if (!isPlayerId(playerId)) throw new Error(`verifier "${kind}" named an invalid player id`);
        const outcome = await banPlayer(ctx, playerId, `${kind}: ${reason}`, { kind, bytes: proof });
        const answer: BanResponseJson = { ban: certToJson(outcome.cert) };
        res.status(outcome.created ? 201 : 200).json(answer);
      }),
    )
    .all(methodNotAllowed('POST'));
  router
    .route(`${AuthorityPaths.bans}/:playerId`)
    .get((req, res) => {
      const id = req.params.playerId ?? '';
      if (!isPlayerId(id)) throw new HttpError(400, 'invalid player id');
      const ban = ctx.db.banById(id);
      if (!ban) throw new HttpError(404, 'not banned');
      const answer: BanResponseJson = { ban: certToJson(ban.cert) };
      res.json(answer);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
