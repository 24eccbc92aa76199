import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { SeededRng } from '../../rng';
import { SimNetwork } from '../../transport/sim/sim-network';
import { decodeMessage, encodeMessage, MessageType } from '../../wire';
import { DhtErrorCode } from '../errors';
import { nodeIdFromSignKey, peerIdOfNodeId } from '../ids';
import { transportAuthenticator } from '../network/authenticator';
import { ConnectionManager } from '../network/connection-manager';
import { randomSeed } from '../testing/harness';
import { RpcClient } from './rpc-client';

function setup() {
  const rng = new SeededRng(2);
  const clock = new VirtualClock();
  const net = new SimNetwork({ clock, seed: 2, latency: 10 });
  const mine = nodeIdFromSignKey(randomSeed(rng));
  const theirs = nodeIdFromSignKey(randomSeed(rng));
  const me = net.createPeer(peerIdOfNodeId(mine));
  const them = net.createPeer(peerIdOfNodeId(theirs));
  const connections = new ConnectionManager({
    transport: me,
    clock,
    authenticator: transportAuthenticator,
    maxConnections: 4,
    connectTimeoutMs: 500,
    authTimeoutMs: 500,
  });
  const rpc = new RpcClient(me, connections, clock, rng, mine, 300);
  me.on('message', (from, data) => {
    const m = decodeMessage(data);
    if (m.ok && (m.value.name === 'dhtPong' || m.value.name === 'dhtNodes')) {
      rpc.onAnswer(from, m.value.name, (m.value.body as readonly unknown[])[0] as number, m.value.body);
    }
  });
  return { clock, me, them, theirs, rpc };
}

describe('RpcClient', () => {
  it('matches an answer to its request by id, peer and type', async () => {
    const { clock, them, theirs, rpc } = setup();
    them.on('message', (from, data) => {
      const m = decodeMessage(data);
      if (!m.ok || m.value.name !== 'dhtPing') return;
      const rid = m.value.body[0];
      them.send(from, encodeMessage(MessageType.dhtNodes, [rid, theirs, []])); // wrong type: ignored
      them.send(from, encodeMessage(MessageType.dhtPong, [rid + 1, theirs])); // wrong id: ignored
      them.send(from, encodeMessage(MessageType.dhtPong, [rid, theirs]));
    });
    const r = rpc.request(them.id, 'dhtPing', []);
    await clock.tick(100, 5);
    expect(await r).toEqual({ ok: true, value: [expect.any(Number), theirs] });
    expect(rpc.counters).toMatchObject({ sent: 1, answered: 1, unexpected: 2 });
  });

  it('times out as a value, retries when asked, and fails pending requests on stop', async () => {
    const { clock, them, rpc } = setup();
    let pings = 0;
    them.on('message', () => pings++);
    const r = rpc.request(them.id, 'dhtPing', [], { retries: 1 });
    await clock.tick(1000, 10);
    expect(await r).toMatchObject({ ok: false, error: { code: DhtErrorCode.Timeout } });
    expect(pings).toBe(2);
    const pending = rpc.request(them.id, 'dhtPing', []);
    await clock.tick(30, 5);
    rpc.stop();
    rpc.stop();
    expect(await pending).toMatchObject({ ok: false, error: { code: DhtErrorCode.Stopped } });
  });

  it('reports unreachable peers and aborts', async () => {
    const { clock, rpc, them } = setup();
    const nobody = rpc.request('ffffffffffffffffffffffffffffffff', 'dhtPing', []);
    await clock.tick(100, 5);
    expect(await nobody).toMatchObject({ ok: false, error: { code: DhtErrorCode.Unreachable } });
    const controller = new AbortController();
    const aborted = rpc.request(them.id, 'dhtPing', [], { signal: controller.signal });
    await clock.tick(30, 5);
    controller.abort();
    await clock.tick(5, 5);
    expect(await aborted).toMatchObject({ ok: false, error: { code: DhtErrorCode.Aborted } });
  });
});
