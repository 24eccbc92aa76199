import { dhtFindNodeSchema } from './messages/dht-find-node';
import { dhtFindValueSchema } from './messages/dht-find-value';
import { dhtNodesSchema } from './messages/dht-nodes';
import { dhtPingSchema } from './messages/dht-ping';
import { dhtPongSchema } from './messages/dht-pong';
import { dhtStoreSchema } from './messages/dht-store';
import { dhtStoredSchema } from './messages/dht-stored';
import { dhtValueSchema } from './messages/dht-value';
import { grpEventSchema } from './messages/grp-event';
import { grpFeedSchema } from './messages/grp-feed';
import { grpObserveSchema } from './messages/grp-observe';
import { helloSchema } from './messages/hello';
import { neoFetchSchema } from './messages/neo-fetch';
import { neoJoinSchema } from './messages/neo-join';
import { neoRoundSchema } from './messages/neo-round';
import { neoSyncSchema } from './messages/neo-sync';
import { neoSyncRequestSchema } from './messages/neo-sync-request';
import { neoWelcomeSchema } from './messages/neo-welcome';
import { noteSchema } from './messages/note';
import { pingSchema } from './messages/ping';
import { pongSchema } from './messages/pong';
import type { Infer, Schema } from './schema';

function entry<const C extends number, S extends Schema<unknown>>(code: C, schema: S): { code: C; schema: S } {
  return { code, schema };
}

/**
 * The message-type registry: name -> wire code and body schema. Adding a message type is one
 * line here plus its schema file in `messages/`. Codes are never reused or renumbered: a code
 * names a body layout forever (golden fixtures pin it).
 */
export const registry = {
  hello: entry(1, helloSchema),
  ping: entry(2, pingSchema),
  pong: entry(3, pongSchema),
  note: entry(4, noteSchema),
  neoRound: entry(32, neoRoundSchema),
  neoFetch: entry(33, neoFetchSchema),
  neoSyncRequest: entry(34, neoSyncRequestSchema),
  neoSync: entry(35, neoSyncSchema),
  neoJoin: entry(36, neoJoinSchema),
  neoWelcome: entry(37, neoWelcomeSchema),
  dhtPing: entry(64, dhtPingSchema),
  dhtPong: entry(65, dhtPongSchema),
  dhtFindNode: entry(66, dhtFindNodeSchema),
  dhtNodes: entry(67, dhtNodesSchema),
  dhtFindValue: entry(68, dhtFindValueSchema),
  dhtValue: entry(69, dhtValueSchema),
  dhtStore: entry(70, dhtStoreSchema),
  dhtStored: entry(71, dhtStoredSchema),
  grpObserve: entry(96, grpObserveSchema),
  grpFeed: entry(97, grpFeedSchema),
  grpEvent: entry(98, grpEventSchema),
} as const;

/** The name of a registered message type, e.g. `'hello'`. */
export type MessageName = keyof typeof registry;
type Codes = { readonly [K in MessageName]: (typeof registry)[K]['code'] };

/** Message-type codes by name, e.g. `MessageType.hello === 1`. */
export const MessageType: Codes = Object.freeze(
  Object.fromEntries(Object.entries(registry).map(([name, e]) => [name, e.code])),
) as Codes;
/** A registered message-type code. */
export type MessageType = Codes[MessageName];

/** The validated body type of message `K`. */
export type MessageBody<K extends MessageName> = Infer<(typeof registry)[K]['schema']>;
/** The name registered for code `T`. */
export type MessageNameOf<T extends MessageType> = { [K in MessageName]: T extends Codes[K] ? K : never }[MessageName];
/** The body type of the message with code `T`. */
export type BodyOf<T extends MessageType> = MessageBody<MessageNameOf<T>>;

/** A decoded, validated message: discriminate on `type` (the code) or `name`. */
export type DecodedMessage = {
  [K in MessageName]: { readonly type: Codes[K]; readonly name: K; readonly body: MessageBody<K> };
}[MessageName];

interface Registered {
  readonly name: MessageName;
  readonly schema: Schema<unknown>;
}

const byCode = new Map<number, Registered>();
for (const [name, e] of Object.entries(registry) as [MessageName, (typeof registry)[MessageName]][]) {
  // A duplicate or odd code is a programming error in this file; fail at import, not on the wire.
  if (!Number.isSafeInteger(e.code) || e.code < 0 || e.code > 0xffff || byCode.has(e.code)) {
    throw new Error(`wire registry: bad or duplicate code ${e.code} for ${name}`);
  }
  byCode.set(e.code, { name, schema: e.schema });
}

/** The registry entry for a wire code, if any. */
export function lookupType(code: number): Registered | undefined {
  return byCode.get(code);
}
