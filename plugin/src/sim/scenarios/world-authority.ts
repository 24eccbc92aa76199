/**
 * What the world simulation's players ask of the authority server per hour of play, by source,
 * from the real client's behaviour (so a change there shows here):
 *
 * - `dhtRpcs`: DHT requests that reach the authority's node: none. Its node is the players'
 *   bootstrap and archive, not a routing contact (`dht/node.ts` `setArchivePeers`): no player
 *   keeps it in its routing table, so no lookup, read, write or refresh asks it (counted in
 *   `dht/archive-peer.test.ts`). Only a node that lost every contact asks it again (a rejoin),
 *   and no player of the world does. The world's DHT model accordingly draws replicas and
 *   lookup contacts among the players only (`world-dht.ts`).
 * - `bootstrapPolls`: the session polls `GET /api/bootstrap` every `bootstrapIntervalMs` only
 *   until it is in the DHT and linked, and again only when its last link closes
 *   (`session/session.ts`): a player in a group always holds links, so none per hour of play.
 * - `clockResamples`: the session's clock samples `GET /api/time` once an hour after its opening
 *   burst (`session/session-clock.ts`, `AUTHORITY_RESAMPLE_MS`).
 * - `archiveRepublish`: the player's certificate record is permanent, so each republish
 *   (`republishIntervalMs`, 1 h) also goes to the authority's node as archive. It stays: that
 *   store is what tells the archive the record is kept alive; without it the archive republishes
 *   every record it holds itself each hour, a lookup and k stores instead of one store (measured
 *   with 200 players and 60 certificates over 3 h: 4,844 messages sent by its node instead of
 *   174 stores served). After the session the record's holders go on republishing it, to the
 *   archive too, until the key certificate expires: about one store an hour per offline player
 *   whose certificate still lives, not counted here (it depends on how long and how often
 *   players play, not on the hour of play).
 *
 * Opening a session happens once per session, counted apart ({@link OPENING_REQUESTS}).
 * Signalling (the offer and answer of every new WebRTC link, relayed by the authority's PeerJS
 * server over the player's open socket) is counted apart too: links opened per player-hour.
 */
import { DEFAULT_DHT_CONFIG } from '../../dht/config';
import { AUTHORITY_RESAMPLE_MS } from '../../session/session-clock';

/**
 * Requests of one session opening: `GET /api/time` 6 times (one sample at registration, then
 * the clock's burst of 5), `GET /api/authority`, `POST /api/accounts`, `GET /api/bootstrap`
 * twice (the session's first poll and the DHT join's list; more if the join takes longer than a
 * poll interval), the DHT join (a ping and the first hop of the own-id lookup) and the archive
 * copy of the certificate record.
 */
export const OPENING_REQUESTS = 13;

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
  readonly perSessionOpening: number;
  /** New WebRTC links per player-hour, each signalled through the authority (an offer and an answer). */
  readonly signalledLinksPerPlayerHour: number;
  readonly definition: string;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The figures of `players` playing `seconds` (the measured window), with the links opened in the run. */
export function authorityFigures(o: {
  readonly players: number;
  readonly seconds: number;
  readonly links: number;
}): AuthorityFigures {
  const hours = o.seconds / 3600;
  const perHour = (n: number): number => n / o.players / hours;
  const dhtRpcs = 0;
  const bootstrapPolls = 0;
  const clockResamples = 3_600_000 / AUTHORITY_RESAMPLE_MS;
  const archiveRepublish = 3_600_000 / DEFAULT_DHT_CONFIG.republishIntervalMs;
  return {
    perPlayerHour: round3(dhtRpcs + bootstrapPolls + clockResamples + archiveRepublish),
    bySource: { dhtRpcs, bootstrapPolls, clockResamples, archiveRepublish },
    perSessionOpening: OPENING_REQUESTS,
    signalledLinksPerPlayerHour: Math.round(perHour(o.links)),
    definition: `HTTP requests and DHT requests the authority serves per player-hour of play: DHT requests reaching its node (none: it is a bootstrap and archive, not a routing contact), /api/bootstrap polls (none once a player is in the DHT and linked), the clock's hourly /api/time resample, the certificate's hourly republish to its archive; opening a session (${OPENING_REQUESTS} requests) and signalling (links) apart`,
  };
}
