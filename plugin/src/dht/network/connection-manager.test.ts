import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { SimNetwork } from '../../transport/sim/sim-network';
import { transportAuthenticator } from './authenticator';
import { ConnectionManager } from './connection-manager';

function setup(graceMs = 100) {
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: 1, latency: 10 });
  const me = net.createPeer('me');
  const others = Array.from({ length: 6 }, (_, i) => net.createPeer(`p${i}`));
  const cm = new ConnectionManager({
    transport: me,
    clock,
    authenticator: transportAuthenticator,
    maxConnections: 3,
    connectTimeoutMs: 1000,
    authTimeoutMs: 1000,
    graceMs,
  });
  return { clock, net, me, others, cm };
}

describe('ConnectionManager', () => {
  it('opens links on demand and closes the least recently used idle ones beyond the bound', async () => {
    const { clock, me, cm } = setup();
    for (let i = 0; i < 6; i++) {
      const r = cm.ensure(`p${i}`);
      await clock.tick(50, 5);
      expect((await r).ok).toBe(true);
      await clock.tick(200, 50);
    }
    expect(me.connectedPeers().sort()).toEqual(['p3', 'p4', 'p5']);
    expect(cm.evictions).toBe(3);
    cm.touch('p3');
    await clock.tick(200, 50);
    const r = cm.ensure('p0');
    await clock.tick(50, 5);
    expect((await r).ok).toBe(true);
    await clock.tick(200, 50);
    expect(me.connectedPeers().sort()).toEqual(['p0', 'p3', 'p5']);
  });

  it('never closes a link with a request in flight, a pinned link or one used within the grace time', async () => {
    const { clock, me, cm } = setup(300);
    const open = async (peer: string) => {
      const r = cm.ensure(peer);
      await clock.tick(50, 5);
      expect((await r).ok).toBe(true);
    };
    await open('p0');
    cm.acquire('p0');
    await open('p1');
    cm.pin('p1');
    await clock.tick(400, 50);
    await open('p2');
    await open('p3');
    await open('p4'); // within the grace time of p2..p4: the bound is exceeded for now
    expect(me.connectedPeers()).toHaveLength(5);
    await clock.tick(400, 50);
    await open('p5');
    await clock.tick(400, 50);
    expect(me.connectedPeers().sort()).toEqual(['p0', 'p1', 'p5']);
    cm.release('p0');
    cm.unpin('p1');
    cm.stop();
    cm.stop();
    expect(cm.size).toBe(0);
  });

  it('reports unreachable peers as values', async () => {
    const { clock, cm } = setup();
    const r = cm.ensure('nobody');
    await clock.tick(100, 5);
    expect(await r).toMatchObject({ ok: false, error: { code: 'unreachable' } });
  });
});
