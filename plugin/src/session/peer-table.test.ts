import { describe, expect, it } from 'vitest';
import { MAX_PEER_ENTRIES, PeerTable } from './peer-table';
import type { SessionPeer } from './types';

describe('PeerTable', () => {
  it('announces changes only, keeping fields not given', () => {
    const seen: SessionPeer[] = [];
    const table = new PeerTable((p) => seen.push(p));
    table.upsert('a', { connected: true });
    table.upsert('a', { connected: true });
    table.upsert('a', { name: 'Alice', verified: true });
    expect(seen).toHaveLength(2);
    expect(table.get('a')).toEqual({ id: 'a', name: 'Alice', verified: true, connected: true, banned: false });
  });

  it('stays bounded, forgetting unconnected, unbanned peers first', () => {
    const table = new PeerTable(() => undefined);
    table.upsert('linked', { connected: true });
    table.upsert('banned', { banned: true });
    for (let i = 0; i < MAX_PEER_ENTRIES + 10; i++) table.upsert(`p${i}`, { certSource: 'dht' });
    expect(table.all()).toHaveLength(MAX_PEER_ENTRIES);
    expect(table.get('linked')?.connected).toBe(true);
    expect(table.get('banned')?.banned).toBe(true);
    expect(table.get('p0')).toBeUndefined();
  });
});
