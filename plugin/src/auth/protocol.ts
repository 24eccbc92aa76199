/**
 * The authority's HTTP API as data: paths, limits and JSON shapes, shared by the server and the
 * browser client. See `plugin/spec/authority.md`.
 */
import type { CertJson } from './cert';

/** Paths of the authority's HTTP API. */
export const AuthorityPaths = {
  health: '/healthz',
  authority: '/api/authority',
  accounts: '/api/accounts',
  time: '/api/time',
  bootstrap: '/api/bootstrap',
  proofs: '/api/proofs',
  bans: '/api/bans',
} as const;

/** Path of the PeerJS signalling server; clients use `{ host, port, path: PEERJS_PATH }`. */
export const PEERJS_PATH = '/peerjs';
/** Largest JSON request body the authority accepts (413 above). */
export const MAX_REQUEST_BYTES = 16 * 1024;
/** Largest decoded cheat proof, in bytes (its base64 fits in a request of MAX_REQUEST_BYTES). */
export const MAX_PROOF_BYTES = 11 * 1024;
/** Most peer ids `GET /api/bootstrap` returns. */
export const MAX_BOOTSTRAP_PEERS = 16;
/** A proof kind: lowercase, starts with a letter, up to 64 of `a-z 0-9 . _ : -`. */
export const PROOF_KIND_PATTERN = /^[a-z][a-z0-9._:-]{0,63}$/;

/** `GET /api/authority`. */
export interface AuthorityInfoJson {
  readonly gameId: string;
  /** The authority's Ed25519 public key, base64 of 32 bytes. */
  readonly publicKey: string;
}

/** `POST /api/accounts` request: every key and the signature in base64. */
export interface RegisterRequestJson {
  readonly name: string;
  readonly signPublicKey: string;
  readonly boxPublicKey: string;
  /** Signature by the signing key over `registrationMessage(gameId, name, sign, box)`. */
  readonly signature: string;
}

/** `POST /api/accounts` answer (201 new account, 200 renewal). */
export interface RegisterResponseJson {
  readonly playerId: string;
  readonly certificates: { readonly key: CertJson; readonly identity: CertJson };
}

/** `GET /api/time`. */
export interface TimeResponseJson {
  readonly now: number;
}

/** `GET /api/bootstrap`. */
export interface BootstrapResponseJson {
  readonly peers: readonly string[];
}

/** `POST /api/proofs` request. */
export interface ProofRequestJson {
  /** Which registered verifier judges the proof. */
  readonly kind: string;
  /** The proof's bytes (format defined per kind), base64. */
  readonly proof: string;
}

/** `POST /api/proofs` answer (201) and `GET /api/bans/:playerId` answer (200). */
export interface BanResponseJson {
  readonly ban: CertJson;
}

/** Every 4xx answer. */
export interface ErrorResponseJson {
  readonly error: string;
  /** 403 banned: the ban's reason and certificate. */
  readonly reason?: string;
  readonly ban?: CertJson;
  /** 429: milliseconds until a retry can succeed. */
  readonly retryAfterMs?: number;
}
