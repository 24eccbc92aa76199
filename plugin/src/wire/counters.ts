import type { Result } from '../util/result';
import { decodeMessage } from './envelope';
import { WIRE_ERROR_CODES, type WireError, type WireErrorCode } from './errors';
import type { WireLimits } from './limits';
import { type DecodedMessage, type MessageName, registry } from './types';

/** Counts accepted messages per type and dropped messages per {@link WireErrorCode}. */
export class WireCounters {
  /** Messages decoded and validated. */
  accepted = 0;
  /** Accepted messages by type name. */
  readonly byType: Record<MessageName, number>;
  /** Dropped messages by reason. */
  readonly dropped: Record<WireErrorCode, number>;

  constructor() {
    this.byType = zeroes(Object.keys(registry) as MessageName[]);
    this.dropped = zeroes(WIRE_ERROR_CODES);
  }

  /** Sum of {@link dropped} over all codes. */
  get droppedTotal(): number {
    let total = 0;
    for (const code of WIRE_ERROR_CODES) total += this.dropped[code];
    return total;
  }

  /** Counts the outcome of one decode. */
  record(result: Result<DecodedMessage, WireError>): void {
    if (result.ok) {
      this.accepted++;
      this.byType[result.value.name]++;
    } else {
      this.dropped[result.error.code]++;
    }
  }

  /** Sets every count back to zero. */
  reset(): void {
    this.accepted = 0;
    for (const name of Object.keys(this.byType) as MessageName[]) this.byType[name] = 0;
    for (const code of WIRE_ERROR_CODES) this.dropped[code] = 0;
  }

  /** A plain copy of the counts, for stats screens and logs. */
  snapshot(): { accepted: number; byType: Record<MessageName, number>; dropped: Record<WireErrorCode, number> } {
    return { accepted: this.accepted, byType: { ...this.byType }, dropped: { ...this.dropped } };
  }
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = 0;
  return out;
}

/**
 * What a receiver calls on every incoming payload: decodes, counts the outcome, and returns the
 * result. On error the caller simply drops the message; nothing is thrown.
 */
export function decodeCounted(
  bytes: Uint8Array,
  counters: WireCounters,
  limits?: Partial<WireLimits>,
): Result<DecodedMessage, WireError> {
  const result = decodeMessage(bytes, limits);
  counters.record(result);
  return result;
}
