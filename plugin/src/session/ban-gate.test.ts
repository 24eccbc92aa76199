import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock';
import { SimNetwork } from '../transport/sim/sim-network';
import { BanGate } from './ban-gate';

async function linked() {
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: 1, latency: 10 });
  const me = net.createPeer('me');
  const a = net.createPeer('a');
  const m = net.createPeer('mallory');
  const banned = new Set<string>();
  const gate = new BanGate(me, (p) => banned.has(p));
  const opened: string[] = [];
  gate.on('open', (p) => opened.push(p));
  void a.connect('me');
  void m.connect('me');
  await clock.tick(100, 5);
  return { clock, gate, a, m, banned, opened };
}

describe('BanGate', () => {
  it('drops and counts the messages of banned peers; others pass, as do link events', async () => {
    const { clock, gate, a, m, banned, opened } = await linked();
    const got: string[] = [];
    gate.on('message', (from, data) => got.push(`${from}:${data[0]}`));
    banned.add('mallory');
    a.send('me', new Uint8Array([1]));
    m.send('me', new Uint8Array([2]));
    m.send('me', new Uint8Array([3]));
    await clock.tick(100, 5);
    expect(got).toEqual(['a:1']);
    expect(gate.dropped).toBe(2);
    expect(opened.sort()).toEqual(['a', 'mallory']);
    expect(gate.connectedPeers().sort()).toEqual(['a', 'mallory']);
  });

  it('isolates a throwing handler and stops delivering once closed', async () => {
    const { clock, gate, a } = await linked();
    const got: number[] = [];
    gate.on('message', () => {
      throw new Error('game bug');
    });
    const off = gate.on('message', (_from, data) => got.push(data[0]!));
    a.send('me', new Uint8Array([1]));
    await clock.tick(50, 5);
    expect(got).toEqual([1]);
    expect(gate.handlerErrors).toBe(1);
    off();
    a.send('me', new Uint8Array([2]));
    await clock.tick(50, 5);
    expect(got).toEqual([1]);
    await gate.close();
    await gate.close();
    expect(gate.connectedPeers()).toEqual([]);
  });
});
