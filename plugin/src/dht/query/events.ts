import type { PeerId } from '../../transport/transport';
import type { DhtError } from '../errors';
import type { DhtRecord } from '../records/record';

/**
 * Progress of a lookup, in the libp2p kad-dht style. `hops` counts the referral chain: a contact
 * from our own table is 1 hop away, one it returned 2 hops, and so on.
 */
export type QueryEvent =
  | { readonly type: 'sending'; readonly to: PeerId; readonly hops: number }
  | {
      readonly type: 'response';
      readonly from: PeerId;
      readonly hops: number;
      readonly closer: number;
      readonly hasValue: boolean;
    }
  | { readonly type: 'error'; readonly to: PeerId; readonly error: DhtError }
  | { readonly type: 'value'; readonly from: PeerId; readonly hops: number; readonly record: DhtRecord }
  | { readonly type: 'invalid-value'; readonly from: PeerId; readonly reason: string }
  | { readonly type: 'store'; readonly to: PeerId; readonly status: number | 'failed' }
  | { readonly type: 'done'; readonly queried: number };

/** Event types as constants. */
export const QueryEventType = {
  Sending: 'sending',
  Response: 'response',
  Error: 'error',
  Value: 'value',
  InvalidValue: 'invalid-value',
  Store: 'store',
  Done: 'done',
} as const;
