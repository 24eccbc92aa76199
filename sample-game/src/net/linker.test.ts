import { SimNetwork, VirtualClock } from 'phaser-p2p-mmo';
import { describe, expect, it } from 'vitest';
import { Linker } from './linker';

function setup(ids: string[]) {
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: 1, latency: 10 });
  const peers = ids.map((id) => net.createPeer(id));
  return { clock, net, peers };
}

describe('Linker', () => {
  it('connects to listed peers, skipping itself and peers already linked', async () => {
    const { clock, peers } = setup(['me', 'a', 'b']);
    const me = peers[0]!;
    const linker = new Linker({ transport: me, clock, self: 'me' });
    linker.connectAll(['me', 'a', 'b']);
    await clock.tick(500, 5);
    expect(me.connectedPeers().sort()).toEqual(['a', 'b']);
    linker.connectAll(['me', 'a', 'b']);
    expect(linker.counters()).toEqual({ connectAttempts: 2, connectFailures: 0 });
  });

  it('waits before retrying a peer that could not be reached', async () => {
    const { clock, peers } = setup(['me']);
    const me = peers[0]!;
    const linker = new Linker({ transport: me, clock, self: 'me', connectTimeoutMs: 1_000, retryDelayMs: 5_000 });
    linker.connectAll(['ghost']);
    await clock.tick(2_000, 50);
    expect(linker.counters()).toEqual({ connectAttempts: 1, connectFailures: 1 });
    linker.connectAll(['ghost']);
    expect(linker.counters().connectAttempts).toBe(1);
    await clock.tick(5_000, 50);
    linker.connectAll(['ghost']);
    expect(linker.counters().connectAttempts).toBe(2);
  });

  it('opens no more than maxLinks', async () => {
    const { clock, peers } = setup(['me', 'a', 'b', 'c']);
    const me = peers[0]!;
    const linker = new Linker({ transport: me, clock, self: 'me', maxLinks: 2 });
    linker.connectAll(['a', 'b', 'c']);
    await clock.tick(500, 5);
    expect(me.connectedPeers()).toHaveLength(2);
  });
});
