import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAME_BYTES, encodeFrames, FrameDecoder, FrameKind } from './framing';

function decodeAll(decoder: FrameDecoder, frames: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const frame of frames) {
    const r = decoder.push(frame);
    if (r.kind === 'error') throw new Error(r.reason);
    if (r.kind === 'message') out.push(r.message);
  }
  return out;
}

describe('framing', () => {
  it('round-trips any sequence of messages with any frame size, frames within the size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }),
        fc.integer({ min: 6, max: 1200 }),
        (messages, frameBytes) => {
          const frames = messages.flatMap((m) => encodeFrames(m, frameBytes));
          expect(frames.every((f) => f.byteLength <= frameBytes)).toBe(true);
          const decoder = new FrameDecoder(3000);
          expect(decodeAll(decoder, frames)).toEqual(messages);
          expect(decoder.pending).toBe(false);
        },
      ),
    );
  });

  it('sends a small message as one WHOLE frame and 1 MiB as 16 KiB frames', () => {
    expect([...(encodeFrames(new Uint8Array([5, 6]))[0] ?? [])]).toEqual([FrameKind.Whole, 5, 6]);
    const big = new Uint8Array(1024 * 1024).map((_, i) => i * 31);
    const frames = encodeFrames(big);
    expect(frames.length).toBe(65);
    expect(frames[0]?.[0]).toBe(FrameKind.First);
    expect(frames.slice(1).every((f) => f[0] === FrameKind.More && f.byteLength <= DEFAULT_FRAME_BYTES)).toBe(true);
    const [back, ...rest] = decodeAll(new FrameDecoder(big.byteLength), frames);
    expect(rest).toEqual([]);
    expect(Buffer.from(back ?? []).equals(Buffer.from(big))).toBe(true);
  });

  it('copies: frames and decoded messages never alias the input', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const [frame] = encodeFrames(payload);
    payload[0] = 9;
    const r = new FrameDecoder(10).push(frame!);
    expect(r.kind === 'message' && [...r.message]).toEqual([1, 2, 3]);
  });

  it('rejects malformed streams and recovers after the error', () => {
    const d = new FrameDecoder(100);
    expect(d.push(new Uint8Array([])).kind).toBe('error');
    expect(d.push(new Uint8Array([7, 1])).kind).toBe('error');
    expect(d.push(new Uint8Array([FrameKind.More, 1])).kind).toBe('error');
    expect(d.push(new Uint8Array([FrameKind.First, 0, 0, 1])).kind).toBe('error'); // short header
    expect(d.push(new Uint8Array([FrameKind.First, 0, 0, 0, 101])).kind).toBe('error'); // over the limit
    expect(d.push(new Uint8Array(102)).kind).toBe('error'); // WHOLE over the limit
    expect(d.push(new Uint8Array([FrameKind.First, 0, 0, 0, 2, 1])).kind).toBe('partial');
    expect(d.push(new Uint8Array([FrameKind.Whole, 1])).kind).toBe('error'); // WHOLE inside chunked
    expect(d.push(new Uint8Array([FrameKind.First, 0, 0, 0, 2, 1])).kind).toBe('partial');
    expect(d.push(new Uint8Array([FrameKind.More, 2, 3])).kind).toBe('error'); // overrun
    const ok = d.push(new Uint8Array([FrameKind.Whole, 4]));
    expect(ok.kind === 'message' && [...ok.message]).toEqual([4]);
  });

  it('refuses absurd frame sizes', () => {
    expect(() => encodeFrames(new Uint8Array(10), 5)).toThrow(RangeError);
  });
});
