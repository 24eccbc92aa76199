/**
 * What the world simulation's players ask of the authority server per hour of play, by source,
 * from the real client's settings (so a change there shows here):
 *
 * - `dhtRpcs`: DHT requests that reach the authority's node. It runs a full `DhtNode` listed
 *   first by `/api/bootstrap`, so it sits in every player's routing table and answers lookups
 *   and stores like any node (counted in the run: about one request in N + 1).
 * - `bootstrapPolls`: the session polls `GET /api/bootstrap` every `bootstrapIntervalMs` for its
 *   whole life (`session/session.ts`, default 2 s).
 * - `archiveRepublish`: the player's certificate record is permanent, so each republish
 *   (`republishIntervalMs`, 1 h) also goes to the authority's node as archive.
 *
 * Opening a session (`GET /api/time`, `GET /api/authority`, `POST /api/accounts`, the first
 * `GET /api/bootstrap`, the DHT join through the authority's node, the certificate's first store
 * on it) happens once per session: counted apart, not per hour. Signalling (the offer and answer
 * of every new WebRTC link, relayed by the authority's PeerJS server over the player's open
 * socket) is counted apart too: links opened per player-hour.
 */
import { DEFAULT_DHT_CONFIG } from '../../dht/config';
import { resolveSessionOptions } from '../../session/options';

/** Requests of one session opening: time, authority, accounts, bootstrap; DHT ping and first hop; certificate store. */
export const OPENING_REQUESTS = 7;

/** The authority figures of one run. */
export interface AuthorityFigures {
  /** The real client as it is: every source below, per player-hour of play. */
  readonly perPlayerHour: number;
  readonly bySource: { readonly dhtRpcs: number; readonly bootstrapPolls: number; readonly archiveRepublish: number };
  /**
   * The client with the two changes this figure calls for (not made: outside the groups
   * layer): the session stops polling `/api/bootstrap` once its DHT node joined, and players
   * keep the authority's node out of their routing tables after the join (it stays their
   * archive for permanent records). What remains is the archive republish.
   */
  readonly perPlayerHourProposed: number;
  readonly perSessionOpening: number;
  /** New WebRTC links per player-hour, each signalled through the authority (an offer and an answer). */
  readonly signalledLinksPerPlayerHour: number;
  readonly definition: string;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The figures of `players` playing `seconds` (the measured window), with the counts of the run. */
export function authorityFigures(o: {
  readonly players: number;
  readonly seconds: number;
  readonly dhtRpcs: number;
  readonly links: number;
}): AuthorityFigures {
  const hours = o.seconds / 3600;
  const perHour = (n: number): number => n / o.players / hours;
  const pollMs = resolveSessionOptions({ name: 'worldsim' }).bootstrapIntervalMs;
  const dhtRpcs = perHour(o.dhtRpcs);
  const bootstrapPolls = 3_600_000 / pollMs;
  const archiveRepublish = 3_600_000 / DEFAULT_DHT_CONFIG.republishIntervalMs;
  return {
    perPlayerHour: round3(dhtRpcs + bootstrapPolls + archiveRepublish),
    bySource: { dhtRpcs: round3(dhtRpcs), bootstrapPolls: round3(bootstrapPolls), archiveRepublish },
    perPlayerHourProposed: round3(archiveRepublish),
    perSessionOpening: OPENING_REQUESTS,
    signalledLinksPerPlayerHour: Math.round(perHour(o.links)),
    definition: `HTTP requests and DHT requests the authority serves per player-hour of play: DHT requests reaching its node (counted), /api/bootstrap polls every ${pollMs} ms (session default), the certificate's hourly republish to its archive; opening a session (${OPENING_REQUESTS} requests) and signalling (links) apart`,
  };
}
