import type { Clock } from '../clock';
import { SystemClock } from '../clock';
import type { Ed25519, KeyRing } from '../crypto';
import { decodeBase64, encodeBase64 } from '../util/base64';
import { bytesEqual } from '../util/bytes';
import { err, ok, type Result } from '../util/result';
import { type Cert, certFromJson, PUBLIC_KEY_BYTES } from './cert';
import { AuthError, AuthErrorCode } from './errors';
import { validateName } from './names';
import {
  type PlayerCredentials,
  playerIdFromSignKey,
  registrationMessage,
  type VerifiedPlayer,
  verifyPlayerCerts,
} from './player';
import { AuthorityPaths, type RegisterRequestJson } from './protocol';
import { type HttpAnswer, requestJson } from './request';

/** Options of {@link AuthorityClient}. */
export interface AuthorityClientOptions {
  /** Origin of the authority, e.g. `http://localhost:8787`; `''` means the page's own origin. */
  readonly baseUrl: string;
  /** Injected fetch (default `globalThis.fetch`). */
  readonly fetch?: typeof globalThis.fetch;
  /** Clock for timeouts and time samples (default the system clock). */
  readonly clock?: Clock;
  /** Pinned authority key: answers signed by another key are refused. */
  readonly authorityKey?: Uint8Array;
  /** Per-request timeout in ms (default 10 000); a timeout is `unreachable`. */
  readonly timeoutMs?: number;
}

/** `GET /api/authority`, decoded. */
export interface AuthorityInfo {
  readonly gameId: string;
  readonly publicKey: Uint8Array;
}

/** What {@link AuthorityClient.register} returns. */
export interface Registration {
  readonly playerId: string;
  readonly credentials: PlayerCredentials;
  /** The certificates' contents, already verified against the authority key. */
  readonly player: VerifiedPlayer;
  /** True when the name was already this key's (HTTP 200): fresh certificates for a returning player. */
  readonly renewed: boolean;
}

/** One clock sample: the authority's time and the local times around the request. */
export interface TimeSample {
  readonly serverNow: number;
  readonly sentAt: number;
  readonly receivedAt: number;
  /** Round-trip time in ms. */
  readonly rtt: number;
  /** Estimated authority time minus local time (assumes symmetric delays). */
  readonly offset: number;
}

/** A cheat proof for `POST /api/proofs`. */
export interface ProofSubmission {
  readonly kind: string;
  readonly proof: Uint8Array;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badResponse(what: string, status?: number): AuthError {
  return new AuthError(AuthErrorCode.BadResponse, `authority answered a malformed ${what}`, { status });
}

/**
 * The authority's HTTP API, from browsers and Node. Every method resolves to a `Result`, never
 * rejects, and takes an optional AbortSignal (an abort gives `aborted`).
 */
export class AuthorityClient {
  readonly #base: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #clock: Clock;
  readonly #pinned: Uint8Array | undefined;
  readonly #timeoutMs: number;
  #info: AuthorityInfo | undefined;

  constructor(options: AuthorityClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#clock = options.clock ?? new SystemClock();
    this.#pinned = options.authorityKey;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  #call(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
    return requestJson({
      fetch: this.#fetch,
      clock: this.#clock,
      timeoutMs: this.#timeoutMs,
      url: this.#base + path,
      method,
      body,
      signal,
    });
  }

  /** The authority's game id and public key (cached after the first success; checked against a pinned key). */
  async getAuthority(signal?: AbortSignal): Promise<Result<AuthorityInfo, AuthError>> {
    if (this.#info !== undefined) return ok(this.#info);
    const answer = await this.#call('GET', AuthorityPaths.authority, undefined, signal);
    if (!answer.ok) return answer;
    const json = answer.value.json;
    const key = isRecord(json) && typeof json.publicKey === 'string' ? decodeBase64(json.publicKey) : undefined;
    if (!isRecord(json) || typeof json.gameId !== 'string' || key?.length !== PUBLIC_KEY_BYTES) {
      return err(badResponse('authority description'));
    }
    if (this.#pinned !== undefined && !bytesEqual(this.#pinned, key)) {
      return err(new AuthError(AuthErrorCode.BadResponse, 'authority key differs from the pinned key'));
    }
    this.#info = { gameId: json.gameId, publicKey: key };
    return ok(this.#info);
  }

  /**
   * Registers `name` for the ring's keys (or renews the certificates of a returning player) and
   * verifies the certificates the authority returns.
   */
  async register(
    params: { readonly name: string; readonly ring: KeyRing; readonly ed: Ed25519 },
    signal?: AbortSignal,
  ): Promise<Result<Registration, AuthError>> {
    const name = validateName(params.name);
    if (!name.ok) return name;
    const info = await this.getAuthority(signal);
    if (!info.ok) return info;
    const { sign, box } = params.ring;
    const message = registrationMessage(info.value.gameId, name.value, sign.publicKey, box.publicKey);
    const request: RegisterRequestJson = {
      name: name.value,
      signPublicKey: encodeBase64(sign.publicKey),
      boxPublicKey: encodeBase64(box.publicKey),
      signature: encodeBase64(await params.ed.sign(sign.secretKey, message)),
    };
    const answer = await this.#call('POST', AuthorityPaths.accounts, request, signal);
    if (!answer.ok) return answer;
    const { status, json } = answer.value;
    const certs = isRecord(json) && isRecord(json.certificates) ? json.certificates : undefined;
    const key = certFromJson(certs?.key);
    const identity = certFromJson(certs?.identity);
    if (!isRecord(json) || !key.ok || !identity.ok) return err(badResponse('registration', status));
    const credentials = { key: key.value, identity: identity.value };
    const player = await verifyPlayerCerts(params.ed, info.value.publicKey, credentials, this.#clock.now());
    if (!player.ok) {
      return err(
        new AuthError(AuthErrorCode.BadResponse, 'authority returned invalid certificates', { cause: player.error }),
      );
    }
    const playerId = playerIdFromSignKey(sign.publicKey);
    if (json.playerId !== playerId || player.value.id !== playerId || player.value.name !== name.value) {
      return err(new AuthError(AuthErrorCode.BadResponse, 'authority certified another player or name'));
    }
    return ok({ playerId, credentials, player: player.value, renewed: status === 200 });
  }

  /** The authority's clock, with the round trip measured on the injected clock. */
  async getTime(signal?: AbortSignal): Promise<Result<TimeSample, AuthError>> {
    const sentAt = this.#clock.now();
    const answer = await this.#call('GET', AuthorityPaths.time, undefined, signal);
    if (!answer.ok) return answer;
    const receivedAt = this.#clock.now();
    const json = answer.value.json;
    if (!isRecord(json) || typeof json.now !== 'number' || !Number.isFinite(json.now)) {
      return err(badResponse('time'));
    }
    const rtt = Math.max(0, receivedAt - sentAt);
    return ok({ serverNow: json.now, sentAt, receivedAt, rtt, offset: json.now + rtt / 2 - receivedAt });
  }

  /** Peer ids to bootstrap the DHT from (the authority's own peer first when it has one). */
  async getBootstrap(signal?: AbortSignal): Promise<Result<string[], AuthError>> {
    const answer = await this.#call('GET', AuthorityPaths.bootstrap, undefined, signal);
    if (!answer.ok) return answer;
    const json = answer.value.json;
    const peers = isRecord(json) ? json.peers : undefined;
    if (!Array.isArray(peers) || !peers.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 64)) {
      return err(badResponse('bootstrap list'));
    }
    return ok(peers as string[]);
  }

  /** Submits a cheat proof; resolves to the signed ban certificate when the authority accepts it. */
  async submitProof(proof: ProofSubmission, signal?: AbortSignal): Promise<Result<Cert, AuthError>> {
    const body = { kind: proof.kind, proof: encodeBase64(proof.proof) };
    const answer = await this.#call('POST', AuthorityPaths.proofs, body, signal);
    return answer.ok ? this.#banFrom(answer.value) : answer;
  }

  /** The ban certificate of `playerId`, or `undefined` when the player is not banned. */
  async getBan(playerId: string, signal?: AbortSignal): Promise<Result<Cert | undefined, AuthError>> {
    const path = `${AuthorityPaths.bans}/${encodeURIComponent(playerId)}`;
    const answer = await this.#call('GET', path, undefined, signal);
    if (!answer.ok) return answer.error.status === 404 ? ok(undefined) : answer;
    return this.#banFrom(answer.value);
  }

  #banFrom(answer: { status: number; json: unknown }): Result<Cert, AuthError> {
    const cert = certFromJson(isRecord(answer.json) ? answer.json.ban : undefined);
    return cert.ok ? cert : err(badResponse('ban', answer.status));
  }
}
