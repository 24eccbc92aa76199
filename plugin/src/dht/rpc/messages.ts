import type { MessageBody, MessageName } from '../../wire';

/** DHT requests and the answer each expects. */
export const DHT_ANSWER = {
  dhtPing: 'dhtPong',
  dhtFindNode: 'dhtNodes',
  dhtFindValue: 'dhtValue',
  dhtStore: 'dhtStored',
} as const;
/** A DHT request name. */
export type DhtRequestName = keyof typeof DHT_ANSWER;
/** A DHT answer name. */
export type DhtAnswerName = (typeof DHT_ANSWER)[DhtRequestName];
/** The answer body a request `N` expects. */
export type AnswerOf<N extends DhtRequestName> = MessageBody<(typeof DHT_ANSWER)[N]>;

const REQUESTS = new Set<string>(Object.keys(DHT_ANSWER));
const ANSWERS = new Set<string>(Object.values(DHT_ANSWER));

export function isDhtRequest(name: MessageName): name is DhtRequestName {
  return REQUESTS.has(name);
}

export function isDhtAnswer(name: MessageName): name is DhtAnswerName {
  return ANSWERS.has(name);
}

/** Status codes of a `dhtStored` answer. */
export const StoreStatus = {
  /** Validated and kept (new, newer, or merged into something new). */
  Stored: 0,
  /** Already held (same version, or the merge added nothing): the republish timer restarted. */
  Unchanged: 1,
  /** Failed validation. */
  Invalid: 2,
  /** Older than the version held (a replay). */
  Stale: 3,
  /** No room for another record. */
  Full: 4,
} as const;
/** One of {@link StoreStatus}'s values. */
export type StoreStatus = (typeof StoreStatus)[keyof typeof StoreStatus];
