import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, MessageType } from '../../../wire';
import { handlePing } from './ping';

describe('PING handler', () => {
  it('echoes the request id with our node id, as a valid dhtPong', () => {
    const self = new Uint8Array(32).fill(7);
    const answer = handlePing(0xfeedbeef, self);
    expect(answer).toEqual([0xfeedbeef, self]);
    const r = decodeMessage(encodeMessage(MessageType.dhtPong, answer));
    expect(r.ok && r.value.name).toBe('dhtPong');
  });
});
