import { describe, expect, it } from 'vitest';
import { playerIdFromSignKey } from '../auth';
import { generateSignKeyPair, hash32 } from '../crypto';
import { SeededRng } from '../rng';
import {
  commonPrefixLength,
  compareDistance,
  isConsistentNodeId,
  nodeIdFromSignKey,
  peerIdOfNodeId,
  randomIdWithPrefix,
  recordKey,
} from './ids';
import { randomSeed } from './testing/harness';

describe('node ids', () => {
  it('are bound to the player id: the id is the hex of the node id prefix', () => {
    const { publicKey } = generateSignKeyPair();
    const nodeId = nodeIdFromSignKey(publicKey);
    expect(nodeId).toEqual(hash32(publicKey));
    expect(peerIdOfNodeId(nodeId)).toBe(playerIdFromSignKey(publicKey));
    expect(isConsistentNodeId(playerIdFromSignKey(publicKey), nodeId)).toBe(true);
    const other = nodeId.slice();
    other[3]! ^= 1;
    expect(isConsistentNodeId(playerIdFromSignKey(publicKey), other)).toBe(false);
    other[3]! ^= 1;
    other[20]! ^= 1; // the low half is not bound to the id (the handshake binds it to the key)
    expect(isConsistentNodeId(playerIdFromSignKey(publicKey), other)).toBe(true);
    expect(isConsistentNodeId('short', nodeId)).toBe(false);
  });

  it('orders by XOR distance and counts common prefixes', () => {
    const t = new Uint8Array(32);
    const a = new Uint8Array(32);
    const b = new Uint8Array(32);
    a[31] = 1;
    b[0] = 0x80;
    expect(compareDistance(a, b, t)).toBeLessThan(0);
    expect(compareDistance(b, a, t)).toBeGreaterThan(0);
    expect(compareDistance(a, a, t)).toBe(0);
    expect(commonPrefixLength(t, b)).toBe(0);
    expect(commonPrefixLength(t, a)).toBe(255);
    expect(commonPrefixLength(t, t)).toBe(256);
  });

  it('draws random ids in a given bucket', () => {
    const rng = new SeededRng(5);
    const self = randomSeed(rng);
    for (let cpl = 0; cpl < 256; cpl += 7)
      expect(commonPrefixLength(self, randomIdWithPrefix(self, cpl, rng))).toBe(cpl);
  });

  it('hashes typed keys', () => {
    expect(recordKey('cert:ab')).toEqual(hash32(new TextEncoder().encode('cert:ab')));
  });
});
