import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTransportConformance } from '../conformance';
import { createNodePeerJsTransport, type LocalPeerServer, startPeerServer } from '../node';
import type { PeerJsTransport } from './peerjs-transport';

let server: LocalPeerServer;
let counter = 0;
const extra: PeerJsTransport[] = [];

beforeAll(async () => {
  server = await startPeerServer({ expireTimeoutMs: 400 });
});

afterAll(async () => {
  await Promise.all(extra.map((t) => t.close()));
  await server.close();
});

const options = (id: string) => ({
  id,
  host: server.host,
  port: server.port,
  path: server.path,
  config: { iceServers: [] },
  connectTimeoutMs: 10_000,
});

runTransportConformance('PeerJS over @roamhq/wrtc', {
  async create(n) {
    const results = await Promise.all(
      Array.from({ length: n }, () => createNodePeerJsTransport(options(`peer${++counter}`))),
    );
    return results.map((r) => {
      if (!r.ok) throw r.error;
      return r.value;
    });
  },
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  unknownPeerId: () => 'nobody-here',
  manyPeers: 8, // see the note on file descriptors in plugin/spec/transport.md
  stepMs: 10,
});

describe('PeerJsTransport.create', () => {
  it('fails clearly when the id is taken', async () => {
    const first = await createNodePeerJsTransport(options('taken1'));
    expect(first.ok).toBe(true);
    if (first.ok) extra.push(first.value);
    const second = await createNodePeerJsTransport(options('taken1'));
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('network');
      expect(second.error.message).toMatch(/taken/);
    }
  });

  it('fails clearly when the signalling server is unreachable', async () => {
    const down = await startPeerServer();
    await down.close();
    const r = await createNodePeerJsTransport({ ...options('lonely1'), port: down.port });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('network');
      expect(r.error.message).toMatch(/unreachable/);
    }
  });

  it('fails on an invalid PeerJS id and honours abort', async () => {
    const bad = await createNodePeerJsTransport(options('bad id!'));
    expect(!bad.ok && bad.error.message).toMatch(/not a valid PeerJS id/);
    const controller = new AbortController();
    const pending = createNodePeerJsTransport({ ...options('aborted1'), signal: controller.signal });
    controller.abort();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('aborted');
  });
});
