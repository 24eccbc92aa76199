import { validateName } from '../auth/names';
import type { Clock } from '../clock/clock';
import { SystemClock } from '../clock/system-clock';
import type { Ed25519 } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { type Rng, SeededRng } from '../rng/rng';
import type { PeerId, Transport, TransportError } from '../transport/transport';
import type { Result } from '../util/result';
import { SessionOptionError } from './errors';
import type { KeyStore } from './key-store';
import { indexedDbKeyStore } from './key-store-indexeddb';
import { memoryKeyStore } from './key-store-memory';
import type { SessionStep } from './types';

/** Opens the player's transport under `playerId` (the PeerJS id on the signalling server). */
export type OpenTransport = (playerId: PeerId, signal?: AbortSignal) => Promise<Result<Transport, TransportError>>;

/** Options of {@link openSession}. Only `name` is required. */
export interface SessionOptions {
  /** The player's name (3..20 letters, digits, `_`, `-`, starting with a letter). */
  readonly name: string;
  /** Base URL of the authority, e.g. `http://localhost:8787`; default `''` (the page's own origin). */
  readonly authorityUrl?: string;
  /** Where key rings live; default IndexedDB when `globalThis.indexedDB` exists, else memory. */
  readonly keyStore?: KeyStore;
  /**
   * Opens the player's transport. Default: a PeerJS transport on the authority's host at
   * `PEERJS_PATH`, retried a few times (after a reload the signalling server may still hold the
   * id), with no ICE servers when the host is local.
   */
  readonly openTransport?: OpenTransport;
  /** ICE servers of the default transport (default: none on a local host, PeerJS's otherwise). */
  readonly iceServers?: readonly RTCIceServer[];
  /** The base clock (default the system clock); the session's `clock` adds the authority offset to it. */
  readonly clock?: Clock;
  /** Protocol randomness (default a `SeededRng` from a cryptographically random seed). */
  readonly rng?: Rng;
  /** The Ed25519 implementation (default `createEd25519()`: WebCrypto, else tweetnacl). */
  readonly ed?: Ed25519;
  /** The fetch the authority client uses (tests). */
  readonly fetch?: typeof fetch;
  /** Join the DHT, publish our certificates, look up peers' certificates and bans (default true). */
  readonly dht?: boolean;
  /** How often `/api/bootstrap` is polled for peers to link to until the session is in the DHT and linked (and again once it has no link left), ms (default 2000). */
  readonly bootstrapIntervalMs?: number;
  /** Most links the session opens itself (default 16). */
  readonly maxLinks?: number;
  /** Called as each step of opening begins. */
  readonly onProgress?: (step: SessionStep) => void;
  /** Aborting cancels the opening, or closes the open session. */
  readonly signal?: AbortSignal;
}

/** {@link SessionOptions} checked, with defaults applied. */
export interface ResolvedSessionOptions {
  readonly name: string;
  readonly authorityUrl: string;
  readonly keyStore: KeyStore;
  readonly openTransport: OpenTransport | undefined;
  readonly iceServers: readonly RTCIceServer[] | undefined;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly fetch: typeof fetch | undefined;
  readonly ed: Ed25519 | undefined;
  readonly dht: boolean;
  readonly bootstrapIntervalMs: number;
  readonly maxLinks: number;
  readonly onProgress: ((step: SessionStep) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

const KNOWN = new Set([
  'name',
  'authorityUrl',
  'keyStore',
  'openTransport',
  'iceServers',
  'clock',
  'rng',
  'fetch',
  'ed',
  'dht',
  'bootstrapIntervalMs',
  'maxLinks',
  'onProgress',
  'signal',
]);

/** Describes a bad value without dumping it. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

function bad(option: string, expected: string, got: unknown): never {
  throw new SessionOptionError(option, `session option \`${option}\` must be ${expected}, got ${show(got)}`);
}

function fn<T>(option: string, v: unknown): T | undefined {
  if (v !== undefined && typeof v !== 'function') bad(option, 'a function', v);
  return v as T | undefined;
}

function hasMethods(option: string, v: unknown, methods: readonly string[], what: string): void {
  if (v === undefined) return;
  const o = v as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || methods.some((m) => typeof o[m] !== 'function')) bad(option, what, v);
}

function intIn(option: string, v: unknown, lo: number, hi: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    bad(option, `an integer from ${lo} to ${hi}`, v);
  return v;
}

function defaultKeyStore(): KeyStore {
  return typeof globalThis.indexedDB === 'undefined' ? memoryKeyStore() : indexedDbKeyStore();
}

function randomSeed(): number {
  const b = randomBytes(4);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

/** Checks every option (throwing a {@link SessionOptionError} naming the bad one) and applies defaults. */
export function resolveSessionOptions(options: SessionOptions): ResolvedSessionOptions {
  if (typeof options !== 'object' || options === null) bad('options', 'an object', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new SessionOptionError(key, `unknown session option \`${key}\``);
  }
  const name = validateName(options.name);
  if (!name.ok) throw new SessionOptionError('name', `session option \`name\` is invalid: ${name.error.message}`);
  const url = options.authorityUrl ?? '';
  if (typeof url !== 'string') bad('authorityUrl', 'a string', url);
  if (url !== '' && !URL.canParse(url)) bad('authorityUrl', 'an absolute http(s) URL or ""', url);
  if (url !== '' && !/^https?:$/.test(new URL(url).protocol)) bad('authorityUrl', 'an http or https URL', url);
  hasMethods('keyStore', options.keyStore, ['load', 'save', 'lastName'], 'a KeyStore (load, save, lastName)');
  hasMethods('clock', options.clock, ['now', 'setTimeout', 'clearTimeout'], 'a Clock (now, setTimeout, clearTimeout)');
  hasMethods('rng', options.rng, ['next', 'int', 'fork'], 'an Rng (next, int, fork)');
  hasMethods('ed', options.ed, ['sign', 'verify'], 'an Ed25519 (sign, verify)');
  hasMethods('signal', options.signal, ['addEventListener', 'removeEventListener'], 'an AbortSignal');
  if (options.iceServers !== undefined && !Array.isArray(options.iceServers)) {
    bad('iceServers', 'an array of RTCIceServer', options.iceServers);
  }
  if (options.dht !== undefined && typeof options.dht !== 'boolean') bad('dht', 'a boolean', options.dht);
  return {
    name: name.value,
    authorityUrl: url,
    keyStore: options.keyStore ?? defaultKeyStore(),
    openTransport: fn<OpenTransport>('openTransport', options.openTransport),
    iceServers: options.iceServers,
    clock: options.clock ?? new SystemClock(),
    rng: options.rng ?? new SeededRng(randomSeed()),
    fetch: fn<typeof fetch>('fetch', options.fetch),
    ed: options.ed,
    dht: options.dht ?? true,
    bootstrapIntervalMs: intIn('bootstrapIntervalMs', options.bootstrapIntervalMs, 100, 600_000, 2_000),
    maxLinks: intIn('maxLinks', options.maxLinks, 1, 256, 16),
    onProgress: fn<(step: SessionStep) => void>('onProgress', options.onProgress),
    signal: options.signal,
  };
}
