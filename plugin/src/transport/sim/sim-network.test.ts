import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { SeededRng } from '../../rng';
import { runTransportConformance } from '../conformance';
import type { PeerId, Transport } from '../transport';
import { logNormalLatency } from './latency';
import { SimNetwork } from './sim-network';
import type { SimNetworkOptions } from './sim-options';
import type { SimTransport } from './sim-transport';

const clock = new VirtualClock();
let nets = 0;
runTransportConformance('SimNetwork', {
  async create(n) {
    const net = new SimNetwork({ clock, seed: ++nets, latency: 20, jitterMs: 5 });
    return Array.from({ length: n }, (_, i) => net.createPeer(`p${i}`));
  },
  advance: (ms) => clock.tick(ms),
  unknownPeerId: () => 'nobody',
  manyPeers: 40,
  stepMs: 5,
});

function setup(options: Partial<SimNetworkOptions> = {}, ids = ['a', 'b', 'c']) {
  const c = new VirtualClock();
  const net = new SimNetwork({ clock: c, seed: 7, latency: 20, ...options });
  const peers = ids.map((id) => net.createPeer(id));
  const log: string[] = [];
  for (const t of peers)
    t.on('message', (from, data) => log.push(`${c.now().toFixed(3)} ${from}>${t.id} ${data.length}`));
  const connect = async (a: Transport, b: PeerId): Promise<void> => {
    const r = a.connect(b);
    await c.tick(1000, 1);
    expect((await r).ok).toBe(true);
  };
  return { c, net, peers, log, connect };
}

describe('SimNetwork model', () => {
  it('is deterministic: the same seed gives the same delivery log', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const c = new VirtualClock();
      const net = new SimNetwork({ clock: c, seed, jitterMs: 15, loss: 0.1 });
      const peers = Array.from({ length: 12 }, (_, i) => net.createPeer(`n${i}`));
      const log: string[] = [];
      for (const t of peers) t.on('message', (from, d) => log.push(`${c.now()} ${from}>${t.id} ${d[0]}`));
      for (const a of peers) for (const b of peers) if (a.id < b.id) void a.connect(b.id);
      await c.tick(2000, 10);
      for (let round = 0; round < 20; round++) {
        for (const a of peers) for (const b of a.connectedPeers()) a.send(b, new Uint8Array([round]));
        await c.tick(50, 5);
      }
      await c.tick(1000, 10);
      return log;
    };
    const first = await run(3);
    expect(first.length).toBeGreaterThan(2000);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });

  it('delays each message by base latency plus jitter in [0, jitterMs)', async () => {
    const { c, peers, connect } = setup({ latency: 30, jitterMs: 10 });
    const [a, b] = peers as [SimTransport, SimTransport];
    await connect(a, 'b');
    const delays: number[] = [];
    let sentAt = 0;
    b.on('message', () => delays.push(c.now() - sentAt));
    for (let i = 0; i < 200; i++) {
      sentAt = c.now();
      a.send('b', new Uint8Array(1));
      c.advance(100); // far apart: FIFO never holds one back
    }
    expect(delays).toHaveLength(200);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...delays)).toBeLessThan(40);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(8);
  });

  it('keeps FIFO order per link even when jitter exceeds the latency', async () => {
    const { c, peers, connect } = setup({ latency: 5, jitterMs: 200 });
    const [a, b] = peers as [SimTransport, SimTransport];
    await connect(a, 'b');
    const got: number[] = [];
    b.on('message', (_, d) => got.push(d[0]! * 256 + d[1]!));
    for (let i = 0; i < 1000; i++) a.send('b', new Uint8Array([i >> 8, i & 255]));
    c.runAll();
    expect(got).toEqual([...Array(1000).keys()]);
  });

  it('takes one round trip to open: responder first, then initiator', async () => {
    const { c, peers } = setup({ latency: 25 });
    const [a, b] = peers as [SimTransport, SimTransport];
    const opened: string[] = [];
    a.on('open', (p) => opened.push(`${c.now()} a:${p}`));
    b.on('open', (p) => opened.push(`${c.now()} b:${p}`));
    const r = a.connect('b');
    await c.tick(100, 1);
    expect((await r).ok).toBe(true);
    expect(opened).toEqual(['25 b:a', '50 a:b']);
  });

  it('drops about the configured share of messages; per-link loss overrides it', async () => {
    const { c, net, peers, connect } = setup({ loss: 0.2 });
    const [a, b, x] = peers as [SimTransport, SimTransport, SimTransport];
    await connect(a, 'b');
    await connect(a, 'c');
    let atB = 0;
    let atC = 0;
    b.on('message', () => atB++);
    x.on('message', () => atC++);
    net.setLinkLoss('a', 'c', 0);
    for (let i = 0; i < 10_000; i++) {
      a.send('b', new Uint8Array(1));
      a.send('c', new Uint8Array(1));
    }
    c.runAll();
    expect(atB / 10_000).toBeGreaterThan(0.78);
    expect(atB / 10_000).toBeLessThan(0.82);
    expect(atC).toBe(10_000);
    const s = net.stats();
    expect(s.messagesSent).toBe(20_000);
    expect(s.messagesLost + s.messagesDelivered).toBe(20_000);
    expect(s.bytesDelivered).toBe(s.messagesDelivered);
  });

  it('partitions drop traffic across groups, heal restores it, and long partitions close links', async () => {
    const { c, net, peers, log, connect } = setup({ detectionMs: 3000 });
    const [a, b, x] = peers as [SimTransport, SimTransport, SimTransport];
    await connect(a, 'b');
    await connect(b, 'c');
    net.partition(['a'], ['b', 'c']);
    a.send('b', new Uint8Array(1));
    b.send('c', new Uint8Array(2));
    await c.tick(100, 1);
    expect(log.map((l) => l.split(' ').slice(1).join(' '))).toEqual(['b>c 2']);
    net.heal();
    a.send('b', new Uint8Array(3));
    await c.tick(100, 1);
    expect(log.at(-1)).toMatch(/a>b 3$/);
    const closed: string[] = [];
    a.on('close', (p) => closed.push(`${c.now()} a:${p}`));
    b.on('close', (p) => closed.push(`${c.now()} b:${p}`));
    const t0 = c.now();
    net.partition(['a'], ['b', 'c']);
    const across = a.connect('c', { timeoutMs: 500 });
    await c.tick(4000, 10);
    expect(closed).toEqual([`${t0 + 3000} a:b`, `${t0 + 3000} b:a`]);
    expect((await across).ok ? 'ok' : await across.then((r) => (r.ok ? '' : r.error.code))).toBe('timeout');
    expect(x.isConnected('b')).toBe(true);
  });

  it('a crash is silent; the others see close after detectionMs; restart gives the id back', async () => {
    const { c, net, peers, connect } = setup({ detectionMs: 5000 });
    const [a, b] = peers as [SimTransport, SimTransport];
    await connect(a, 'b');
    const events: string[] = [];
    a.on('close', (p) => events.push(`${c.now()} a closed ${p}`));
    b.on('close', (p) => events.push(`${c.now()} b closed ${p}`));
    let atB = 0;
    b.on('message', () => atB++);
    const t0 = c.now();
    net.crash('b');
    expect(a.isConnected('b')).toBe(true); // not noticed yet
    a.send('b', new Uint8Array(1));
    await c.tick(6000, 10);
    expect(events).toEqual([`${t0 + 5000} a closed b`]);
    expect(atB).toBe(0);
    expect(b.send('a', new Uint8Array(1)).ok).toBe(false);
    const r = a.connect('b');
    await c.tick(100, 1);
    expect((await r).ok ? 'ok' : await r.then((x) => (x.ok ? '' : x.error.code))).toBe('peer-unavailable');
    const b2 = net.restart('b');
    expect(b2).not.toBe(b);
    expect(b2.id).toBe('b');
    const inB2: number[] = [];
    b2.on('message', (_, d) => inB2.push(d[0]!));
    await connect(a, 'b');
    a.send('b', new Uint8Array([42]));
    await c.tick(100, 1);
    expect(inB2).toEqual([42]);
  });

  it('a restarted peer that dials replaces the stale link before detection', async () => {
    const { c, net, peers, connect } = setup({ detectionMs: 60_000 });
    const [a] = peers as [SimTransport];
    await connect(a, 'b');
    const events: string[] = [];
    a.on('close', (p) => events.push(`close ${p}`));
    a.on('open', (p) => events.push(`open ${p}`));
    net.crash('b');
    const b2 = net.restart('b');
    await connect(b2, 'a');
    expect(events).toEqual(['close b', 'open b']);
    await c.tick(61_000, 1000);
    expect(a.isConnected('b')).toBe(true); // the old link's detection did not touch the new one
  });

  it('setLinkLatency overrides one pair, both directions', async () => {
    const { c, net, peers, connect } = setup();
    const [a, b] = peers as [SimTransport, SimTransport];
    await connect(a, 'b');
    net.setLinkLatency('b', 'a', 70);
    expect(net.latencyBetween('a', 'b')).toBe(70);
    let at = -1;
    b.on('message', () => {
      at = c.now();
    });
    const t0 = c.now();
    a.send('b', new Uint8Array(1));
    c.runAll();
    expect(at - t0).toBe(70);
  });

  it('refuses duplicate ids and unknown crashes', () => {
    const { net } = setup();
    expect(() => net.createPeer('a')).toThrow();
    expect(() => net.crash('zz')).toThrow();
    expect(() => net.restart('zz')).toThrow();
  });

  it('runs 3,000 peers with 8 links each cheaply', async () => {
    const c = new VirtualClock();
    const net = new SimNetwork({ clock: c, seed: 1, jitterMs: 5 });
    const rng = new SeededRng(9);
    const peers = Array.from({ length: 3000 }, (_, i) => net.createPeer(`q${i}`));
    let received = 0;
    for (const t of peers) t.on('message', () => received++);
    for (const t of peers) for (let k = 0; k < 4; k++) void t.connect(`q${rng.int(3000)}`);
    await c.tick(2000, 50);
    const links = peers.reduce((n, t) => n + t.connectedPeers().length, 0);
    expect(links).toBeGreaterThan(3000 * 7);
    const started = performance.now();
    const payload = new Uint8Array(200);
    for (let round = 0; round < 10; round++) {
      for (const t of peers) for (const p of t.connectedPeers()) t.send(p, payload);
      c.advance(50);
    }
    c.runAll();
    expect(received).toBe(links * 10);
    expect(performance.now() - started).toBeLessThan(10_000); // about 1 s here: a regression to O(peers) per message shows
  });
});

describe('logNormalLatency', () => {
  it('is symmetric, stable, capped, with the configured median', () => {
    const model = logNormalLatency({ seed: 5 });
    const values: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = `peer-${i}`;
      const b = `peer-${i * 7 + 1}`;
      const v = model(a, b);
      expect(model(b, a)).toBe(v);
      expect(model(a, b)).toBe(v);
      values.push(v);
    }
    values.sort((x, y) => x - y);
    const median = values[2000]!;
    expect(median).toBeGreaterThan(37);
    expect(median).toBeLessThan(43);
    expect(values.at(-1)!).toBeLessThanOrEqual(300);
    // sigma 0.5: about 16% of pairs above median * e^0.5
    const above = values.filter((v) => v > 40 * Math.exp(0.5)).length / values.length;
    expect(above).toBeGreaterThan(0.13);
    expect(above).toBeLessThan(0.19);
    expect(logNormalLatency({ seed: 6 })('x', 'y')).not.toBe(logNormalLatency({ seed: 5 })('x', 'y'));
  });
});
