/**
 * How the simulators carry scenario inputs: 8 bytes per input (a typical game input size), the
 * input's 32-bit id followed by 32 bits of payload derived from it, so a receiver can tell which
 * inputs a batch holds and notice a corrupted one.
 */

/** Bytes of one encoded input. */
export const INPUT_BYTES = 8;

const payloadOf = (id: number): number => Math.imul(id, 0x9e3779b1) >>> 0;

/** Encodes a batch of input ids (empty batch: zero bytes). */
export function encodeInputs(ids: readonly number[]): Uint8Array {
  const out = new Uint8Array(ids.length * INPUT_BYTES);
  const view = new DataView(out.buffer);
  ids.forEach((id, i) => {
    view.setUint32(i * INPUT_BYTES, id);
    view.setUint32(i * INPUT_BYTES + 4, payloadOf(id));
  });
  return out;
}

/** Decodes a batch written by {@link encodeInputs}; throws on bytes it did not write (a simulator bug). */
export function decodeInputs(bytes: Uint8Array): number[] {
  if (bytes.length % INPUT_BYTES !== 0) throw new Error(`input batch of ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ids: number[] = [];
  for (let o = 0; o < bytes.length; o += INPUT_BYTES) {
    const id = view.getUint32(o);
    if (view.getUint32(o + 4) !== payloadOf(id)) throw new Error(`corrupted input ${id}`);
    ids.push(id);
  }
  return ids;
}
