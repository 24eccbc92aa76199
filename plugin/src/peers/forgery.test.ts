/**
 * Adversarial peers: a raw transport that hand-crafts hellos and notes. Every forgery must be
 * refused (or dropped) and counted, and nothing may be thrown.
 */
import { describe, expect, it } from 'vitest';
import type { PlayerCredentials } from '../auth';
import { generateSignKeyPair } from '../crypto';
import type { SimTransport } from '../transport/sim/sim-transport';
import { encodeMessage, MessageType } from '../wire';
import { helloSigningBytes, noteSigningBytes } from './signing';
import {
  createPlayer,
  createWorld,
  GAME_ID,
  type Node,
  runUntil,
  startNode,
  type TestPlayer,
  type World,
} from './test-support';

interface Forge {
  credentials?: PlayerCredentials;
  to?: string;
  at?: number;
  /** Signs with this 64-byte secret key instead of the player's. */
  signWith?: Uint8Array;
  /** The `from` the signature claims (default the attacker's transport id). */
  signedFrom?: string;
  gameId?: string;
}

/** An attacker: its own certified player and a bare transport linked to the victim. */
async function setup(seed: number): Promise<{ world: World; victim: Node; mallory: TestPlayer; link: SimTransport }> {
  const world = await createWorld(seed);
  const victim = startNode(world, await createPlayer(world, 'Victim'));
  const mallory = await createPlayer(world, 'Mallory');
  const link = world.net.createPeer(mallory.id);
  void link.connect(victim.player.id);
  await runUntil(world, () => link.isConnected(victim.player.id));
  return { world, victim, mallory, link };
}

async function forgeHello(world: World, mallory: TestPlayer, victimId: string, f: Forge = {}): Promise<Uint8Array> {
  const at = f.at ?? world.clock.now();
  const to = f.to ?? victimId;
  const signed = helloSigningBytes(f.gameId ?? GAME_ID, f.signedFrom ?? mallory.id, to, at);
  const sig = await world.ed.sign(f.signWith ?? mallory.ring.sign.secretKey, signed);
  return encodeMessage(MessageType.hello, { certs: f.credentials ?? mallory.credentials, to, at, sig });
}

async function expectRefused(seed: number, reason: string, forge: (w: World, m: TestPlayer) => Promise<Forge>) {
  const { world, victim, mallory, link } = await setup(seed);
  link.send(victim.player.id, await forgeHello(world, mallory, victim.player.id, await forge(world, mallory)));
  await runUntil(world, () => victim.refused.length === 1);
  expect(victim.refused).toEqual([{ from: mallory.id, reason }]);
  expect(victim.verified).toEqual([]);
  const c = victim.dir.counters();
  expect(c.hellosRefused).toBe(1);
  expect(c.refusals[reason as keyof typeof c.refusals]).toBe(1);
  // The victim hangs up on a refused hello.
  await runUntil(world, () => !link.isConnected(victim.player.id));
}

describe('PeerDirectory refuses forged hellos', () => {
  it('accepts the honest control case', async () => {
    const { world, victim, mallory, link } = await setup(10);
    link.send(victim.player.id, await forgeHello(world, mallory, victim.player.id));
    await runUntil(world, () => victim.verified.length === 1);
    expect(victim.verified[0]?.name).toBe('Mallory');
  });

  it('signed with a key other than the certified one', () =>
    expectRefused(11, 'bad-signature', async () => ({ signWith: generateSignKeyPair().secretKey })));

  it('for another game', () => expectRefused(12, 'bad-signature', async () => ({ gameId: 'other-game' })));

  it("carrying another player's certificates", () =>
    expectRefused(13, 'wrong-sender', async (w) => {
      const bob = await createPlayer(w, 'Bob');
      return { credentials: bob.credentials, signWith: bob.ring.sign.secretKey, signedFrom: bob.id };
    }));

  it('with an expired key certificate', () =>
    expectRefused(14, 'cert-expired', async (w, m) => {
      const expired = await createPlayer(w, 'Mallory', { exp: w.clock.now() - 1, ring: m.ring });
      return { credentials: expired.credentials };
    }));

  it('with certificates from another authority', () =>
    expectRefused(15, 'bad-cert', async (w, m) => {
      const rogue = await createPlayer(w, 'Mallory', { authority: generateSignKeyPair(), ring: m.ring });
      return { credentials: rogue.credentials };
    }));

  it('with key and identity certificates of different players', () =>
    expectRefused(16, 'bad-cert', async (w, m) => {
      const bob = await createPlayer(w, 'Bob');
      return { credentials: { key: bob.credentials.key, identity: m.credentials.identity } };
    }));

  it('addressed to someone else', () => expectRefused(17, 'wrong-recipient', async () => ({ to: 'carol' })));

  it('with a stale timestamp', () => expectRefused(18, 'stale', async (w) => ({ at: w.clock.now() - 10 * 60_000 })));

  it('from the future', () => expectRefused(19, 'stale', async (w) => ({ at: w.clock.now() + 10 * 60_000 })));
});

describe('PeerDirectory drops bad input', () => {
  it('counts malformed bytes and messages of no concern without throwing', async () => {
    const { world, victim, link } = await setup(20);
    const garbage = [
      new Uint8Array([0xc1]),
      new Uint8Array([0x93, 0x01]),
      new Uint8Array(0),
      new Uint8Array([0x92, 1, 2]),
    ];
    for (const g of garbage) link.send(victim.player.id, g);
    link.send(victim.player.id, encodeMessage(MessageType.ping, { nonce: 1, t: 0 }));
    await runUntil(world, () => victim.dir.wireCounters.droppedTotal + victim.dir.wireCounters.accepted >= 5);
    expect(victim.dir.wireCounters.droppedTotal).toBe(4);
    expect(victim.verified).toEqual([]);
  });

  it('drops notes from unverified peers, with bad signatures, and replays', async () => {
    const { world, victim, mallory, link } = await setup(21);
    const vid = victim.player.id;
    const note = async (text: string, key = mallory.ring.sign.secretKey, signedText = text): Promise<Uint8Array> => {
      const at = world.clock.now();
      const sig = await world.ed.sign(key, noteSigningBytes(GAME_ID, mallory.id, vid, at, signedText));
      return encodeMessage(MessageType.note, { text, at, sig });
    };
    link.send(vid, await note('before hello'));
    await runUntil(world, () => victim.dropped.length === 1);
    expect(victim.dropped[0]).toEqual({ from: mallory.id, reason: 'unverified' });

    link.send(vid, await forgeHello(world, mallory, vid));
    await runUntil(world, () => victim.verified.length === 1);
    const good = await note('genuine');
    link.send(vid, await note('forged', generateSignKeyPair().secretKey));
    link.send(vid, await note('tampered', mallory.ring.sign.secretKey, 'original'));
    link.send(vid, good);
    link.send(vid, good);
    await runUntil(world, () => victim.dropped.length === 4 && victim.notes.length === 1);
    expect(victim.notes.map((n) => n.text)).toEqual(['genuine']);
    expect(victim.dropped.slice(1).map((d) => d.reason)).toEqual(['bad-signature', 'bad-signature', 'replay']);
    expect(victim.dir.counters()).toMatchObject({ notesDropped: 4, notesReceived: 1 });
  });
});
