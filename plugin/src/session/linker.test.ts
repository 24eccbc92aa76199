import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock';
import { SimNetwork } from '../transport/sim/sim-network';
import { Linker } from './linker';

function setup(ids: string[]) {
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: 1, latency: 10 });
  const peers = ids.map((id) => net.createPeer(id));
  return { clock, net, me: peers[0]! };
}

describe('Linker', () => {
  it('connects to listed peers, skipping itself and peers already linked', async () => {
    const { clock, me } = setup(['me', 'a', 'b']);
    const linker = new Linker({ transport: me, clock, self: 'me' });
    linker.connectAll(['me', 'a', 'b']);
    await clock.tick(500, 5);
    expect(me.connectedPeers().sort()).toEqual(['a', 'b']);
    linker.connectAll(['me', 'a', 'b']);
    expect(linker.counters()).toEqual({ connectAttempts: 2, connectFailures: 0 });
  });

  it('never dials a skipped (banned) peer', async () => {
    const { clock, me } = setup(['me', 'a', 'mallory']);
    const linker = new Linker({ transport: me, clock, self: 'me', skip: (p) => p === 'mallory' });
    linker.connectAll(['a', 'mallory']);
    await clock.tick(500, 5);
    expect(me.connectedPeers()).toEqual(['a']);
  });

  it('waits before retrying a peer that could not be reached', async () => {
    const { clock, me } = setup(['me']);
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

  it('opens no more than maxLinks, and nothing once aborted', async () => {
    const { clock, me } = setup(['me', 'a', 'b', 'c']);
    const controller = new AbortController();
    const linker = new Linker({ transport: me, clock, self: 'me', maxLinks: 2, signal: controller.signal });
    linker.connectAll(['a', 'b', 'c']);
    await clock.tick(500, 5);
    expect(me.connectedPeers()).toHaveLength(2);
    controller.abort();
    me.disconnect(me.connectedPeers()[0]!);
    linker.connectAll(['a', 'b', 'c']);
    expect(linker.counters().connectAttempts).toBe(2);
  });
});
