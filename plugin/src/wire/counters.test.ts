import { describe, expect, it } from 'vitest';
import { fromHex } from '../util/bytes';
import { decodeCounted, WireCounters } from './counters';
import { golden } from './fixtures/golden';

describe('WireCounters', () => {
  it('counts accepted messages by type and drops by code', () => {
    const c = new WireCounters();
    expect(decodeCounted(fromHex(golden.ping)!, c).ok).toBe(true);
    expect(decodeCounted(fromHex(golden.hello)!, c).ok).toBe(true);
    expect(decodeCounted(fromHex(golden.ping)!, c).ok).toBe(true);
    expect(decodeCounted(new Uint8Array([0xc1]), c).ok).toBe(false);
    expect(decodeCounted(new Uint8Array([0x93, 0x02, 0x02, 0x80]), c).ok).toBe(false);
    expect(decodeCounted(new Uint8Array(10), c, { maxBytes: 4 }).ok).toBe(false);
    expect(c.accepted).toBe(3);
    expect(c.byType).toEqual({
      hello: 1,
      ping: 2,
      pong: 0,
      note: 0,
      neoRound: 0,
      neoFetch: 0,
      neoSyncRequest: 0,
      neoSync: 0,
      neoJoin: 0,
      neoWelcome: 0,
      dhtPing: 0,
      dhtPong: 0,
      dhtFindNode: 0,
      dhtNodes: 0,
      dhtFindValue: 0,
      dhtValue: 0,
      dhtStore: 0,
      dhtStored: 0,
      grpObserve: 0,
      grpFeed: 0,
      grpEvent: 0,
    });
    expect(c.dropped.malformed).toBe(1);
    expect(c.dropped['unknown-version']).toBe(1);
    expect(c.dropped['too-large']).toBe(1);
    expect(c.droppedTotal).toBe(3);
    const snap = c.snapshot();
    c.reset();
    expect(c.accepted).toBe(0);
    expect(c.droppedTotal).toBe(0);
    expect(snap.accepted).toBe(3);
    expect(snap.dropped.malformed).toBe(1);
  });
});
