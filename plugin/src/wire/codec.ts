import { Decoder, Encoder } from '@msgpack/msgpack';
import { err, ok, type Result } from '../util/result';
import { WireError } from './errors';
import { DEFAULT_WIRE_LIMITS, resolveLimits, type WireLimits } from './limits';
import { scan } from './scan';

/**
 * Plain data the wire carries: msgpack nil, bool, number, str, bin, array and map with string
 * keys. `undefined` object fields are omitted when encoding.
 */
export type WireValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly WireValue[]
  | { readonly [key: string]: WireValue | undefined };

// Both encoders are deterministic: integers take the shortest msgpack form, other numbers are
// float64, and maps follow the object's key order (or sorted order for the canonical one).
const wireEncoder = new Encoder({ ignoreUndefined: true });
const canonicalEncoder = new Encoder({ ignoreUndefined: true, sortKeys: true });

/** Encodes plain data with map keys in the object's own order. May throw on non-wire values. */
export function encodeValue(value: WireValue): Uint8Array {
  return wireEncoder.encode(value);
}

/**
 * The canonical encoding: like {@link encodeValue} but map keys are sorted recursively
 * (JavaScript's default string order, i.e. by UTF-16 code units; bytewise for ASCII keys).
 * Signatures are always computed over these bytes of the decoded, validated value, never over
 * received bytes, so two peers that build the same value sign and verify the same bytes.
 */
export function encodeCanonical(value: WireValue): Uint8Array {
  return canonicalEncoder.encode(value);
}

function rejectKey(key: unknown): string {
  // The pre-scan already rejects these; this is the second line of defence.
  if (typeof key !== 'string') throw new TypeError('map key is not a string');
  return key;
}

function makeDecoder(limits: WireLimits): Decoder {
  return new Decoder({
    maxStrLength: limits.maxStrLength,
    maxBinLength: limits.maxBinLength,
    maxArrayLength: limits.maxArrayLength,
    maxMapLength: limits.maxMapLength,
    maxExtLength: 0,
    mapKeyConverter: rejectKey,
  });
}

const defaultDecoder = makeDecoder(DEFAULT_WIRE_LIMITS);

/**
 * Decodes one msgpack value under `limits`, never throwing. The result is plain data (see
 * {@link WireValue}) but unvalidated: check it with a schema before reading it. Binary values
 * are views into `bytes`; copy them (schemas do) if the buffer may be reused.
 */
export function decodeValue(bytes: Uint8Array, limits?: Partial<WireLimits>): Result<unknown, WireError> {
  try {
    const l = resolveLimits(limits);
    if (!(bytes instanceof Uint8Array)) return err(new WireError('malformed', 'input is not a Uint8Array'));
    if (bytes.length > l.maxBytes) {
      return err(new WireError('too-large', `message of ${bytes.length} bytes exceeds ${l.maxBytes}`));
    }
    const failure = scan(bytes, l);
    if (failure !== undefined) {
      return err(new WireError(failure.code, `${failure.reason} at byte ${failure.at}`));
    }
    const decoder = l === DEFAULT_WIRE_LIMITS ? defaultDecoder : makeDecoder(l);
    return ok(decoder.decode(bytes));
  } catch (cause) {
    return err(new WireError('malformed', 'msgpack decoding failed', { cause }));
  }
}
