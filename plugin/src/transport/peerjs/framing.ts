/**
 * Framing of transport messages over a WebRTC data channel. Data channels cap the size of one
 * channel message (256 KiB in Chromium and @roamhq/wrtc, 64 KiB in older Firefox, and a send
 * over the cap kills the channel), so each transport message travels as one or more frames of at
 * most `frameBytes` bytes. The channel is reliable and ordered, so frames need no sequence
 * numbers; one leading byte says what the frame is:
 *
 * | kind | layout | meaning |
 * | --- | --- | --- |
 * | 0 `WHOLE` | `[0][payload]` | a complete message |
 * | 1 `FIRST` | `[1][u32 BE total][part]` | first part of a message of `total` bytes |
 * | 2 `MORE` | `[2][part]` | the next part; the message is complete when `total` bytes arrived |
 *
 * Any other kind, a `WHOLE`/`FIRST` while a message is incomplete, a `MORE` without a `FIRST`,
 * an overrun, or a `total` over the receiver's limit is a protocol error.
 */

export const FrameKind = { Whole: 0, First: 1, More: 2 } as const;

/** Default frame size: 16 KiB, the size every WebRTC stack accepts. */
export const DEFAULT_FRAME_BYTES = 16 * 1024;

const FIRST_HEADER = 5;

/** Splits `payload` into frames of at most `frameBytes` bytes (always fresh copies). */
export function encodeFrames(payload: Uint8Array, frameBytes = DEFAULT_FRAME_BYTES): Uint8Array[] {
  if (frameBytes < FIRST_HEADER + 1) throw new RangeError('frameBytes too small');
  if (payload.byteLength + 1 <= frameBytes) {
    const frame = new Uint8Array(payload.byteLength + 1);
    frame[0] = FrameKind.Whole;
    frame.set(payload, 1);
    return [frame];
  }
  const frames: Uint8Array[] = [];
  const firstPart = frameBytes - FIRST_HEADER;
  const first = new Uint8Array(frameBytes);
  first[0] = FrameKind.First;
  new DataView(first.buffer).setUint32(1, payload.byteLength);
  first.set(payload.subarray(0, firstPart), FIRST_HEADER);
  frames.push(first);
  for (let offset = firstPart; offset < payload.byteLength; offset += frameBytes - 1) {
    const part = payload.subarray(offset, offset + frameBytes - 1);
    const frame = new Uint8Array(part.byteLength + 1);
    frame[0] = FrameKind.More;
    frame.set(part, 1);
    frames.push(frame);
  }
  return frames;
}

/** What {@link FrameDecoder.push} found in one frame. */
export type FrameResult =
  | { readonly kind: 'message'; readonly message: Uint8Array }
  | { readonly kind: 'partial' }
  | { readonly kind: 'error'; readonly reason: string };

const PARTIAL: FrameResult = { kind: 'partial' };

/** Reassembles frames from one ordered channel; memory is bounded by `maxMessageBytes`. */
export class FrameDecoder {
  #buffer: Uint8Array | undefined;
  #filled = 0;

  constructor(readonly maxMessageBytes: number) {}

  /** Whether a message is partly received. */
  get pending(): boolean {
    return this.#buffer !== undefined;
  }

  /** Consumes one frame. After an error the decoder is reset; the link should be dropped. */
  push(frame: Uint8Array): FrameResult {
    const kind = frame[0];
    if (kind === FrameKind.Whole) {
      if (this.#buffer !== undefined) return this.#fail('WHOLE frame inside a chunked message');
      if (frame.byteLength - 1 > this.maxMessageBytes) return this.#fail('message over the size limit');
      return { kind: 'message', message: frame.slice(1) };
    }
    if (kind === FrameKind.First) {
      if (this.#buffer !== undefined) return this.#fail('FIRST frame inside a chunked message');
      if (frame.byteLength < FIRST_HEADER) return this.#fail('FIRST frame too short');
      const total = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(1);
      if (total > this.maxMessageBytes) return this.#fail(`announced ${total} bytes, over the limit`);
      this.#buffer = new Uint8Array(total);
      this.#filled = 0;
      return this.#append(frame.subarray(FIRST_HEADER));
    }
    if (kind === FrameKind.More) {
      if (this.#buffer === undefined) return this.#fail('MORE frame without FIRST');
      return this.#append(frame.subarray(1));
    }
    return this.#fail(kind === undefined ? 'empty frame' : `unknown frame kind ${kind}`);
  }

  #append(part: Uint8Array): FrameResult {
    const buffer = this.#buffer!;
    if (this.#filled + part.byteLength > buffer.byteLength) return this.#fail('frames overrun the announced size');
    buffer.set(part, this.#filled);
    this.#filled += part.byteLength;
    if (this.#filled < buffer.byteLength) return PARTIAL;
    this.#buffer = undefined;
    return { kind: 'message', message: buffer };
  }

  #fail(reason: string): FrameResult {
    this.#buffer = undefined;
    this.#filled = 0;
    return { kind: 'error', reason };
  }
}
