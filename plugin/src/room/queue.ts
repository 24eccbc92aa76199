import { validate } from '../wire/schema';
import { RoomError, RoomErrorCode } from './errors';
import { encodePair, MAX_ARRAY_HEADER_BYTES, packInput } from './input';
import { inReducer } from './reducer';
import type { RoomDefinition } from './types';

/**
 * The local outgoing queue. `send()` validates and encodes at once (a bad payload is the
 * caller's bug and throws there); `take()` drains up to the per-round limits into one input.
 * Messages that do not fit stay queued, in order, for the next round.
 */
export class SendQueue {
  readonly #def: RoomDefinition<object, unknown>;
  #items: Uint8Array[] = [];
  /** Which queued items are sent again when their round does not accept them (parallel to `#items`). */
  #resend: boolean[] = [];
  #head = 0;

  constructor(def: RoomDefinition<object, unknown>) {
    this.#def = def;
  }

  /** Messages waiting. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Validates and queues one message; returns false (and queues nothing) when the queue is full.
   * Throws a {@link RoomError} for an unknown type, a bad payload, an oversized message, or a
   * call from inside a reducer.
   */
  push(type: string, payload: unknown): boolean {
    const room = this.#def.name;
    if (inReducer()) {
      throw new RoomError(
        RoomErrorCode.SendInReducer,
        `room ${room}: send('${type}') called from a reducer; reducers run on every peer and must only change the draft`,
      );
    }
    const m = this.#def.messages.get(type);
    if (m === undefined) {
      const known = this.#def.messageNames.join(', ');
      throw new RoomError(
        RoomErrorCode.UnknownMessage,
        `room ${room}: unknown message type '${type}' (declared: ${known})`,
      );
    }
    const checked = validate(m.schema, payload, 'payload');
    if (!checked.ok) {
      throw new RoomError(RoomErrorCode.BadPayload, `room ${room}: send('${type}'): ${checked.error.message}`, {
        step: type,
        path: checked.error.path,
        cause: checked.error,
      });
    }
    const bytes = encodePair(m.code, checked.value);
    const max = this.#def.limits.maxInputBytes - MAX_ARRAY_HEADER_BYTES;
    if (bytes.length > max) {
      throw new RoomError(
        RoomErrorCode.TooLarge,
        `room ${room}: send('${type}'): the message encodes to ${bytes.length} bytes, more than maxInputBytes allows (${max})`,
        { step: type },
      );
    }
    if (this.length >= this.#def.limits.maxQueuedMessages) return false;
    this.#items.push(bytes);
    this.#resend.push(m.resend);
    return true;
  }

  /**
   * Drains the oldest messages that fit the round's limits into one input; `null` when empty.
   * `resend` holds the taken messages whose type asks to be sent again should the round not
   * accept the input (see {@link requeue}).
   */
  take(): { input: Uint8Array; count: number; resend: readonly Uint8Array[] } | null {
    if (this.length === 0) return null;
    const { maxMessagesPerRound, maxInputBytes } = this.#def.limits;
    const budget = maxInputBytes - MAX_ARRAY_HEADER_BYTES;
    const pairs: Uint8Array[] = [];
    const resend: Uint8Array[] = [];
    let size = 0;
    while (pairs.length < maxMessagesPerRound && this.#head < this.#items.length) {
      const next = this.#items[this.#head]!;
      if (size + next.length > budget) break;
      pairs.push(next);
      if (this.#resend[this.#head] === true) resend.push(next);
      size += next.length;
      this.#head++;
    }
    if (this.#head === this.#items.length) this.clear();
    else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#resend = this.#resend.slice(this.#head);
      this.#head = 0;
    }
    return { input: packInput(pairs), count: pairs.length, resend };
  }

  /**
   * Puts messages a round did not accept back at the head of the queue, in their order, ahead of
   * everything sent since (they were sent first); they stay marked for sending again.
   */
  requeue(items: readonly Uint8Array[]): void {
    if (items.length === 0) return;
    this.#items = [...items, ...this.#items.slice(this.#head)];
    this.#resend = [...items.map(() => true), ...this.#resend.slice(this.#head)];
    this.#head = 0;
  }

  /** Drops everything queued. */
  clear(): void {
    this.#items = [];
    this.#resend = [];
    this.#head = 0;
  }
}
