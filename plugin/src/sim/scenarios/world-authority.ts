/**
 * What the world simulation's players ask of the authority server per hour of play, by source,
 * from the real client's settings (so a change there shows here):
 *
 * - `dhtRpcs`: DHT requests that reach the authority's node. It runs a full `DhtNode` listed
 *   first by `/api/bootstrap`, so it sits in every player's routing table and answers lookups
 *   and stores like any node (counted in the run: about one request in N + 1).
 * - `bootstrapPolls`: the session polls `GET /api/bootstrap` every `bootstrapIntervalMs` only
 *   until it is in the DHT and linked, and again only when its last link closes
 *   (`session/session.ts`): a player in a group always holds links, so none per hour of play
 *   (the first poll is part of the opening).
 * - `clockResamples`: the session's clock samples `GET /api/time` once an hour after its opening
 *   burst (`session/session-clock.ts`, `AUTHORITY_RESAMPLE_MS`).
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
import { AUTHORITY_RESAMPLE_MS } from '../../session/session-clock';

/** Requests of one session opening: time, authority, accounts, bootstrap; DHT ping and first hop; certificate store. */
export const OPENING_REQUESTS = 7;

/** The authority figures of one run. */
export interface AuthorityFigures {
  /** The real client as it is: every source below, per player-hour of play. */
  readonly perPlayerHour: number;
  readonly bySource: {
    readonly dhtRpcs: number;
    readonly bootstrapPolls: number;
    readonly clockResamples: number;
    readonly archiveRepublish: number;
  };
  /**
   * The client with the change this figure still calls for (not made): players keep the
   * authority's node out of their routing tables after the join (it stays their archive for
   * permanent records). What remains is the clock resample and the archive republish.
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
  const dhtRpcs = perHour(o.dhtRpcs);
  const bootstrapPolls = 0;
  const clockResamples = 3_600_000 / AUTHORITY_RESAMPLE_MS;
  const archiveRepublish = 3_600_000 / DEFAULT_DHT_CONFIG.republishIntervalMs;
  return {
    perPlayerHour: round3(dhtRpcs + bootstrapPolls + clockResamples + archiveRepublish),
    bySource: { dhtRpcs: round3(dhtRpcs), bootstrapPolls, clockResamples, archiveRepublish },
    perPlayerHourProposed: round3(clockResamples + archiveRepublish),
    perSessionOpening: OPENING_REQUESTS,
    signalledLinksPerPlayerHour: Math.round(perHour(o.links)),
    definition: `HTTP requests and DHT requests the authority serves per player-hour of play: DHT requests reaching its node (counted), /api/bootstrap polls (none once a player is in the DHT and linked), the clock's hourly /api/time resample, the certificate's hourly republish to its archive; opening a session (${OPENING_REQUESTS} requests) and signalling (links) apart`,
  };
}
