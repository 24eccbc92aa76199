/**
 * The one test suite every {@link Transport} implementation must pass. Test files call
 * {@link runTransportConformance} with a harness; the suite never touches implementation details,
 * so SimNetwork (virtual time) and PeerJS (real WebRTC) are held to exactly the same contract.
 * Not exported from the package: it imports vitest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRng } from '../rng';
import type { PeerId, Transport, TransportError } from './transport';

/** What an implementation provides to run the suite. */
export interface TransportHarness {
  /** Creates `n` fresh, unconnected transports with distinct ids. */
  create(n: number): Promise<Transport[]>;
  /** Lets `ms` of the harness's time pass (virtual or real). */
  advance(ms: number): Promise<void>;
  /** An id no peer uses. */
  unknownPeerId(): PeerId;
  /** Peers in the full-mesh case. */
  manyPeers: number;
  /** Polling step in harness ms (default 10). */
  stepMs?: number;
  /** Longest wait for one condition in harness ms (default 20,000). */
  patienceMs?: number;
}

interface Received {
  from: PeerId;
  data: Uint8Array;
}

/** Registers the conformance tests under `describe(name)`. */
export function runTransportConformance(name: string, h: TransportHarness): void {
  const step = h.stepMs ?? 10;
  const patience = h.patienceMs ?? 20_000;
  let live: Transport[] = [];

  const until = async (cond: () => boolean, what: string): Promise<void> => {
    for (let waited = 0; !cond(); waited += step) {
      if (waited >= patience) throw new Error(`timed out waiting for ${what}`);
      await h.advance(step);
    }
  };
  const settle = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    let value: T | undefined;
    void p.then((v) => {
      done = true;
      value = v;
    });
    await until(() => done, 'a promise to settle');
    return value as T;
  };
  const create = async (n: number): Promise<Transport[]> => {
    const ts = await h.create(n);
    live.push(...ts);
    return ts;
  };
  const inbox = (t: Transport): Received[] => {
    const got: Received[] = [];
    t.on('message', (from, data) => got.push({ from, data }));
    return got;
  };
  const link = async (a: Transport, b: Transport): Promise<void> => {
    const r = await settle(a.connect(b.id));
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    await until(() => b.isConnected(a.id), 'the far end to open');
  };
  const errorCode = (r: { ok: boolean; error?: TransportError }): string | undefined => r.error?.code;

  describe(`Transport conformance: ${name}`, () => {
    afterEach(async () => {
      const ts = live;
      live = [];
      await Promise.all(ts.map((t) => t.close()));
    });

    it('opens a link and delivers bytes both ways', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const opened: string[] = [];
      a.on('open', (p) => opened.push(`a:${p}`));
      b.on('open', (p) => opened.push(`b:${p}`));
      const inA = inbox(a);
      const inB = inbox(b);
      await link(a, b);
      expect(opened.sort()).toEqual([`a:${b.id}`, `b:${a.id}`].sort());
      expect((await settle(a.connect(b.id))).ok).toBe(true); // already open: resolves at once
      expect((await settle(b.connect(a.id))).ok).toBe(true);
      expect(a.connectedPeers()).toEqual([b.id]);
      expect(b.connectedPeers()).toEqual([a.id]);
      expect(a.send(b.id, new Uint8Array([1, 2, 3])).ok).toBe(true);
      expect(b.send(a.id, new Uint8Array([4, 5])).ok).toBe(true);
      expect(b.send(a.id, new Uint8Array(0)).ok).toBe(true);
      await until(() => inA.length === 2 && inB.length === 1, 'both messages');
      expect(inB[0]?.from).toBe(a.id);
      expect(inB[0]?.data).toBeInstanceOf(Uint8Array);
      expect([...(inB[0]?.data ?? [])]).toEqual([1, 2, 3]);
      expect([...(inA[0]?.data ?? [])]).toEqual([4, 5]);
      expect(inA[1]?.data.byteLength).toBe(0);
    });

    it('keeps per-link order of 1,000 messages each way', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const inA = inbox(a);
      const inB = inbox(b);
      await link(a, b);
      for (let i = 0; i < 1000; i++) {
        const msg = new Uint8Array(4 + (i % 300));
        new DataView(msg.buffer).setUint32(0, i);
        expect(a.send(b.id, msg).ok).toBe(true);
        expect(b.send(a.id, msg).ok).toBe(true);
      }
      await until(() => inA.length === 1000 && inB.length === 1000, '1,000 messages each way');
      for (const got of [inA, inB]) {
        const order = got.map((m) => new DataView(m.data.buffer, m.data.byteOffset).getUint32(0));
        expect(order).toEqual([...Array(1000).keys()]);
        expect(got.every((m, i) => m.data.byteLength === 4 + (i % 300))).toBe(true);
      }
    });

    it('disconnect closes both ends, and the pair can link again', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const closed: string[] = [];
      a.on('close', (p) => closed.push(`a:${p}`));
      b.on('close', (p) => closed.push(`b:${p}`));
      const inB = inbox(b);
      await link(a, b);
      a.disconnect(b.id);
      a.disconnect(b.id); // twice is harmless
      expect(a.isConnected(b.id)).toBe(false);
      expect(errorCode(a.send(b.id, new Uint8Array(1)))).toBe('not-connected');
      await until(() => closed.length === 2 && !b.isConnected(a.id), 'close at both ends');
      expect(closed.sort()).toEqual([`a:${b.id}`, `b:${a.id}`].sort());
      await link(b, a);
      expect(a.send(b.id, new Uint8Array([9])).ok).toBe(true);
      await until(() => inB.length === 1, 'a message on the new link');
    });

    it('close() of a peer closes its links at the other end', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const closed: PeerId[] = [];
      a.on('close', (p) => closed.push(p));
      await link(a, b);
      await b.close();
      await until(() => closed.length === 1, 'close at the other end');
      expect(closed).toEqual([b.id]);
      expect(a.isConnected(b.id)).toBe(false);
      expect(a.connectedPeers()).toEqual([]);
    });

    it('close() twice is safe and later calls fail with closed', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      await link(a, b);
      await a.close();
      await a.close();
      expect(errorCode(a.send(b.id, new Uint8Array(1)))).toBe('closed');
      expect(errorCode(await settle(a.connect(b.id)))).toBe('closed');
      expect(a.connectedPeers()).toEqual([]);
    });

    it('connect to an unknown id fails with peer-unavailable', async () => {
      const [a] = (await create(1)) as [Transport];
      const r = await settle(a.connect(h.unknownPeerId()));
      expect(errorCode(r)).toBe('peer-unavailable');
      expect(a.connectedPeers()).toEqual([]);
    });

    it('send without a link fails with not-connected and is counted', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      expect(errorCode(a.send(b.id, new Uint8Array(3)))).toBe('not-connected');
      expect(a.stats().sendErrors).toBe(1);
      expect(a.stats().messagesSent).toBe(0);
    });

    it('refuses a message over maxMessageBytes with too-large; exactly the limit arrives', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const inB = inbox(b);
      await link(a, b);
      expect(errorCode(a.send(b.id, new Uint8Array(a.maxMessageBytes + 1)))).toBe('too-large');
      expect(a.send(b.id, new Uint8Array(a.maxMessageBytes)).ok).toBe(true);
      await until(() => inB.length === 1, 'the largest allowed message');
      expect(inB[0]?.data.byteLength).toBe(a.maxMessageBytes);
    });

    it('a 512 KiB message arrives byte-identical, between small ones', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const inB = inbox(b);
      await link(a, b);
      const rng = new SeededRng(42);
      const big = new Uint8Array(512 * 1024).map(() => rng.int(256));
      a.send(b.id, new Uint8Array([1]));
      expect(a.send(b.id, big).ok).toBe(true);
      a.send(b.id, new Uint8Array([2]));
      await until(() => inB.length === 3, 'the large message');
      expect(inB.map((m) => m.data.byteLength)).toEqual([1, big.byteLength, 1]);
      expect(Buffer.from(inB[1]?.data ?? []).equals(Buffer.from(big))).toBe(true);
    });

    it('the receiver never shares the sender buffer', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const inB = inbox(b);
      await link(a, b);
      const msg = new Uint8Array([7, 7, 7]);
      a.send(b.id, msg);
      msg.fill(0);
      await until(() => inB.length === 1, 'the message');
      expect([...(inB[0]?.data ?? [])]).toEqual([7, 7, 7]);
    });

    it(`full mesh of ${h.manyPeers} peers dialling each other at once keeps one link per pair`, async () => {
      const ts = await create(h.manyPeers);
      const boxes = ts.map(inbox);
      const results = await settle(
        Promise.all(ts.flatMap((a) => ts.filter((b) => b !== a).map((b) => a.connect(b.id)))),
      );
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.message))).toEqual([]);
      await until(() => ts.every((t) => t.connectedPeers().length === ts.length - 1), 'every link to open');
      for (const a of ts)
        for (const b of ts) if (a !== b) expect(a.send(b.id, new TextEncoder().encode(a.id)).ok).toBe(true);
      await until(() => boxes.every((box) => box.length === ts.length - 1), 'every message');
      ts.forEach((t, i) => {
        const senders = (boxes[i] ?? []).map((m) => new TextDecoder().decode(m.data));
        expect(senders.sort()).toEqual((boxes[i] ?? []).map((m) => m.from).sort());
        expect(new Set(senders).size).toBe(ts.length - 1);
        expect(new Set(t.connectedPeers()).size).toBe(ts.length - 1);
      });
    });

    it('byte and message counters add up', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      const inB = inbox(b);
      const inA = inbox(a);
      await link(a, b);
      for (const size of [1, 10, 100, 1000, 70_000]) a.send(b.id, new Uint8Array(size));
      b.send(a.id, new Uint8Array(33));
      await until(() => inB.length === 5 && inA.length === 1, 'all messages');
      expect(a.stats()).toMatchObject({ messagesSent: 5, bytesSent: 71_111, messagesReceived: 1, bytesReceived: 33 });
      expect(b.stats()).toMatchObject({ messagesSent: 1, bytesSent: 33, messagesReceived: 5, bytesReceived: 71_111 });
    });

    it('connect honours abort signals and timeouts', async () => {
      const [a] = (await create(1)) as [Transport];
      const pre = new AbortController();
      pre.abort();
      expect(errorCode(await settle(a.connect(h.unknownPeerId(), { signal: pre.signal })))).toBe('aborted');
      const later = new AbortController();
      const pending = a.connect(h.unknownPeerId(), { signal: later.signal });
      await h.advance(5);
      later.abort();
      expect(errorCode(await settle(pending))).toBe('aborted');
      expect(errorCode(await settle(a.connect(h.unknownPeerId(), { timeoutMs: 5 })))).toBe('timeout');
    });

    it('a throwing handler does not stop delivery to the others', async () => {
      const [a, b] = (await create(2)) as [Transport, Transport];
      b.on('message', () => {
        throw new Error('handler bug');
      });
      const inB = inbox(b);
      await link(a, b);
      a.send(b.id, new Uint8Array([1]));
      a.send(b.id, new Uint8Array([2]));
      await until(() => inB.length === 2, 'both messages');
    });
  });
}
