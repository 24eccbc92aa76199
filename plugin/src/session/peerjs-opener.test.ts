/**
 * The default transport over real WebRTC (PeerJS in Node through @roamhq/wrtc) on the authority's
 * own signalling server: real time, kept short, waiting on results only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthorityServer } from '../authority/options';
import { removeDir, startTestServer } from '../authority/testing';
import { SystemClock } from '../clock/system-clock';
import { installNodeWebRtcGlobals } from '../transport/node/globals';
import { memoryKeyStore } from './key-store-memory';
import { openSession } from './open';
import { isIdTaken, peerJsOpener } from './peerjs-opener';
import type { Session } from './types';

let server: AuthorityServer;
let dataDir: string;

beforeAll(async () => {
  installNodeWebRtcGlobals();
  ({ server, dataDir } = await startTestServer({ peerIds: 'any' }));
});

afterAll(async () => {
  await server?.close();
  removeDir(dataDir);
});

describe('the default PeerJS transport', () => {
  it('connects two sessions through the authority host when no transport is given', async () => {
    const open = async (name: string): Promise<Session> => {
      const r = await openSession({ name, authorityUrl: server.url, keyStore: memoryKeyStore(), dht: false });
      if (!r.ok) throw r.error;
      return r.value;
    };
    const alice = await open('Alice');
    const bob = await open('Bob');
    try {
      await vi.waitFor(
        () => expect(alice.peers().find((p) => p.id === bob.playerId)).toMatchObject({ name: 'Bob', verified: true }),
        { timeout: 15_000, interval: 50 },
      );
    } finally {
      await alice.close();
      await bob.close();
    }
  }, 30_000);

  it('reports an id the signalling server still holds, after retrying', async () => {
    const open = peerJsOpener({ authorityUrl: server.url, iceServers: [], clock: new SystemClock(), retryMs: 20 });
    const first = await open('twin-id');
    if (!first.ok) throw first.error;
    try {
      const second = await open('twin-id');
      expect(!second.ok && isIdTaken(second.error)).toBe(true);
    } finally {
      await first.value.close();
    }
  });
});
