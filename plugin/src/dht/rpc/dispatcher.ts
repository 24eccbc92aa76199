import type { PeerId, Transport } from '../../transport/transport';
import { bytesEqual } from '../../util/bytes';
import { type DecodedMessage, decodeCounted, MessageType, tryEncodeMessage, type WireCounters } from '../../wire';
import type { NodeContext } from '../context';
import { isConsistentNodeId, nodeIdFromSignKey } from '../ids';
import type { PeerAuthenticator } from '../network/authenticator';
import type { ConnectionManager } from '../network/connection-manager';
import type { MaybePromise } from '../records/validator';
import { type DhtCounters, DhtDrop } from '../stats';
import { handleFindNode } from './handlers/find-node';
import { handleFindValue } from './handlers/find-value';
import { handlePing } from './handlers/ping';
import { handleStore } from './handlers/store';
import { DHT_ANSWER, type DhtRequestName, isDhtAnswer, isDhtRequest } from './messages';
import type { RpcClient } from './rpc-client';

const FIRST_CODE = MessageType.dhtPing;
const LAST_CODE = MessageType.dhtStored;

/**
 * Routes incoming DHT messages: decodes (counted), holds messages of peers whose link is not yet
 * authenticated, checks that the sender's node id belongs to its authenticated id, updates the
 * routing table, answers requests through the per-RPC handlers and hands answers to the client.
 */
export class Dispatcher {
  readonly #held = new Map<PeerId, DecodedMessage[]>();
  #stopped = false;

  constructor(
    private readonly ctx: NodeContext,
    private readonly transport: Transport,
    private readonly rpc: RpcClient,
    private readonly auth: PeerAuthenticator,
    private readonly connections: ConnectionManager,
    private readonly counters: DhtCounters,
    private readonly wireCounters: WireCounters,
  ) {}

  onMessage(from: PeerId, data: Uint8Array): void {
    if (this.#stopped) return;
    // Skip other layers' messages without decoding them: [1, type, ...] with a small fixint type.
    if (data[0] === 0x93 && data[1] === 0x01 && data[2]! < 0x80 && (data[2]! < FIRST_CODE || data[2]! > LAST_CODE))
      return;
    const decoded = decodeCounted(data, this.wireCounters);
    if (!decoded.ok) return;
    const message = decoded.value;
    if (!isDhtRequest(message.name) && !isDhtAnswer(message.name)) return;
    if (this.auth.isAuthenticated(from) && !this.#held.has(from)) {
      this.#handle(from, message);
      return;
    }
    let queue = this.#held.get(from);
    if (queue === undefined) {
      queue = [];
      this.#held.set(from, queue);
      void this.#awaitAuth(from);
    }
    if (queue.length >= this.ctx.config.maxPendingPerPeer) this.counters.drops[DhtDrop.QueueFull]++;
    else queue.push(message);
  }

  async #awaitAuth(from: PeerId): Promise<void> {
    const controller = new AbortController();
    const timer = this.ctx.clock.setTimeout(() => controller.abort(), this.ctx.config.authTimeoutMs);
    const verified = await this.auth.whenAuthenticated(from, controller.signal);
    this.ctx.clock.clearTimeout(timer);
    const queue = this.#held.get(from) ?? [];
    this.#held.delete(from);
    for (const message of queue) {
      if (verified && !this.#stopped) this.#handle(from, message);
      else this.counters.drops[DhtDrop.Unauthenticated]++;
    }
  }

  #handle(from: PeerId, message: DecodedMessage): void {
    const body = message.body as readonly unknown[];
    const rid = body[0] as number;
    const nodeId = body[1] as Uint8Array;
    if (!isConsistentNodeId(from, nodeId)) {
      this.counters.drops[DhtDrop.InconsistentId]++;
      return;
    }
    const key = this.auth.signKeyOf?.(from);
    if (key !== undefined && !bytesEqual(nodeIdFromSignKey(key), nodeId)) {
      this.counters.drops[DhtDrop.InconsistentId]++;
      return;
    }
    const ctx = this.ctx;
    const contact = ctx.contacts.fromNodeId(nodeId);
    ctx.routing.seen(contact, ctx.clock.now());
    this.connections.touch(from);
    const name = message.name;
    if (isDhtAnswer(name)) {
      if (!this.rpc.onAnswer(from, name, rid, message.body)) this.counters.drops[DhtDrop.UnexpectedAnswer]++;
      return;
    }
    if (!isDhtRequest(name)) return;
    let answer: MaybePromise<readonly unknown[]>;
    const m = message;
    switch (m.name) {
      case 'dhtPing':
        this.counters.handled.ping++;
        answer = handlePing(rid, ctx.selfNodeId);
        break;
      case 'dhtFindNode':
        this.counters.handled.findNode++;
        answer = handleFindNode(ctx, contact, m.body);
        break;
      case 'dhtFindValue':
        this.counters.handled.findValue++;
        answer = handleFindValue(ctx, contact, m.body);
        break;
      case 'dhtStore':
        this.counters.handled.store++;
        answer = handleStore(ctx, m.body);
        break;
      default:
        return;
    }
    if (answer instanceof Promise) {
      // Keep the link while the answer is being worked out (a signature check in flight).
      this.connections.acquire(from);
      void answer.then((a) => {
        this.#send(from, name, a);
        this.connections.release(from);
      });
    } else this.#send(from, name, answer);
  }

  #send(to: PeerId, request: DhtRequestName, body: readonly unknown[]): void {
    if (this.#stopped) return;
    const bytes = tryEncodeMessage(MessageType[DHT_ANSWER[request]], body as never);
    if (!bytes.ok || !this.transport.send(to, bytes.value).ok) this.counters.drops[DhtDrop.AnswerNotSent]++;
  }

  /** Drops held messages; later messages are ignored. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#held.clear();
  }
}
