/**
 * Cheat proofs found in our groups go to the authority (`POST /api/proofs`), one at a time per
 * cheater; the ban certificate it answers with is checked against the pinned authority key
 * before the session acts on it.
 */
import type { AuthorityClient } from '../auth/client';
import type { Ed25519 } from '../crypto/ed25519';
import type { VerifiedBan } from '../dht';
import type { FoundProof } from '../neo/events';
import type { PeerId } from '../transport/transport';
import { acceptBan } from './proofs';

/** What a {@link ProofReporter} needs from its session. */
export interface ProofReporterDeps {
  readonly authority: AuthorityClient;
  readonly ed: Ed25519;
  readonly authorityKey: Uint8Array;
  readonly signal: AbortSignal;
  /** Whether `id` is banned already (its proofs are not sent again). */
  isBanned(id: PeerId): boolean;
  /** The authority banned `ban.body.id`: the certificate is verified. */
  banned(ban: VerifiedBan): void;
}

/** Sends proofs to the authority and hands over the bans it issues. */
export class ProofReporter {
  readonly #reporting = new Set<PeerId>();
  readonly counts = { proofsSubmitted: 0, proofsAccepted: 0, proofsFailed: 0 };

  constructor(readonly deps: ProofReporterDeps) {}

  async report(proof: FoundProof): Promise<void> {
    const d = this.deps;
    const cheater = proof.cheater;
    if (d.isBanned(cheater) || this.#reporting.has(cheater) || d.signal.aborted) return;
    this.#reporting.add(cheater);
    this.counts.proofsSubmitted++;
    try {
      const r = await d.authority.submitProof({ kind: proof.kind, proof: proof.bytes }, d.signal);
      const ban = r.ok ? await acceptBan(d.ed, d.authorityKey, r.value) : undefined;
      if (d.signal.aborted) return;
      if (ban === undefined) {
        this.counts.proofsFailed++;
        return;
      }
      this.counts.proofsAccepted++;
      d.banned(ban);
    } finally {
      this.#reporting.delete(cheater);
    }
  }
}
