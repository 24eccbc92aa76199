import { afterEach, describe, expect, it } from 'vitest';
import { isPlayerId } from '../auth/cert';
import { ProofKind } from '../neo/proofs';
import { openSession } from './open';
import { CountingClock, SessionWorld } from './test-support';
import type { Session } from './types';

let world: SessionWorld | undefined;
const sessions: Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await world?.close();
  world = undefined;
});

async function open(w: SessionWorld, name: string, clock?: CountingClock): Promise<Session> {
  const r = await w.settle(openSession(w.options(name, clock ? { clock } : {})));
  if (!r.ok) throw r.error;
  sessions.push(r.value);
  return r.value;
}

/** Alice and Mallory, verified by each other. */
async function pair(w: SessionWorld): Promise<{ alice: Session; mallory: Session }> {
  const alice = await open(w, 'Alice');
  const mallory = await open(w, 'Mallory');
  await w.runUntil(
    () => alice.directory.peer(mallory.playerId) !== undefined && mallory.directory.peer(alice.playerId) !== undefined,
  );
  return { alice, mallory };
}

const text = new TextEncoder();

describe('the authority is asked for peers only while needed', () => {
  it('stops polling /api/bootstrap once in the DHT and linked, and starts again when the last link closes', async () => {
    world = await SessionWorld.create({ dht: true });
    const { alice, mallory } = await pair(world);
    await world.run(10_000);
    const after = alice.counters().bootstrapPolls!;
    await world.run(600_000);
    // Polling every 2 s would be 300 more requests in these ten minutes.
    expect(alice.counters().bootstrapPolls).toBe(after);
    expect(alice.counters().bootstrapPollStarts).toBe(1);
    // Cut off from everyone (the authority's DHT node included): it asks the authority again.
    await mallory.close();
    for (const p of alice.transport.connectedPeers()) alice.transport.disconnect(p);
    await world.runUntil(() => alice.counters().bootstrapPollStarts === 2);
    await world.run(10_000);
    expect(alice.counters().bootstrapPolls).toBeGreaterThan(after);
    expect(alice.transport.connectedPeers().length).toBeGreaterThan(0);
  });
});

describe('cheat proofs', () => {
  it('submits a reported proof; the cheater is banned locally and its messages are dropped', async () => {
    world = await SessionWorld.create({ dht: true });
    // A verifier that names the player whose id the proof holds (the NEO verifiers need real rounds).
    world.server.registerProofVerifier(ProofKind.Equivocation, (proof) => {
      const id = new TextDecoder().decode(proof);
      return isPlayerId(id) ? { ok: true, value: { playerId: id, reason: 'equivocated' } } : { ok: false, error: 'no' };
    });
    const { alice, mallory } = await pair(world);
    const banned: string[] = [];
    const onBan: string[] = [];
    alice.on('banned', (id) => banned.push(id));
    alice.onBan((id) => onBan.push(id));
    const notes: string[] = [];
    alice.on('note', (n) => notes.push(n.text));

    alice.reportProof({
      kind: ProofKind.Equivocation,
      cheater: mallory.playerId,
      round: 7,
      bytes: text.encode(mallory.playerId),
    });
    await world.runUntil(() => alice.isBanned(mallory.playerId));
    expect(banned).toEqual([mallory.playerId]);
    expect(onBan).toEqual([mallory.playerId]);
    expect(alice.counters()).toMatchObject({ proofsSubmitted: 1, proofsAccepted: 1, proofsFailed: 0, bannedPeers: 1 });
    expect(alice.peers().find((p) => p.id === mallory.playerId)).toMatchObject({ banned: true, verified: false });
    expect(alice.membership.publicKeyOf(mallory.playerId)).toBeUndefined();
    expect(alice.membership.isAuthenticated?.(mallory.playerId)).toBe(false);
    expect(alice.bans.isBanned(mallory.playerId)).toBe(true);

    const droppedBefore = alice.counters().bannedDropped!;
    const received = alice.counters().notesReceived;
    const sent = await world.settle(mallory.directory.sendNote(alice.playerId, 'buy gold'));
    expect(sent.ok).toBe(true);
    await world.run(500);
    expect(alice.counters().bannedDropped).toBeGreaterThan(droppedBefore);
    // Dropped at the gate: the handshake layer never saw the note.
    expect(alice.counters().notesReceived).toBe(received);
    expect(notes).not.toContain('buy gold');

    // Reporting again does not bother the authority.
    alice.reportProof({ kind: ProofKind.Equivocation, cheater: mallory.playerId, round: 8, bytes: new Uint8Array(1) });
    await world.run(100);
    expect(alice.counters().proofsSubmitted).toBe(1);
  });

  it('counts a proof the authority rejects, and bans nobody', async () => {
    world = await SessionWorld.create();
    const { alice, mallory } = await pair(world);
    alice.reportProof({
      kind: ProofKind.BadReveal,
      cheater: mallory.playerId,
      round: 1,
      bytes: new Uint8Array([1, 2]),
    });
    await world.runUntil(() => alice.counters().proofsFailed === 1);
    expect(alice.isBanned(mallory.playerId)).toBe(false);
    expect(alice.counters().proofsAccepted).toBe(0);
  });
});

describe('bans learnt through the DHT', () => {
  it('drops a connected peer the authority bans, found by the periodic check', async () => {
    world = await SessionWorld.create({ dht: true });
    const { alice, mallory } = await pair(world);
    const banned: string[] = [];
    alice.onBan((id) => banned.push(id));
    // The bootstrap list no longer names Mallory: only the re-check of connected peers can find the ban.
    world.online.splice(world.online.indexOf(mallory.playerId), 1);
    await world.authorityDht.ban(mallory.playerId, 'botting');
    await world.runUntil(() => alice.isBanned(mallory.playerId), 15_000);
    expect(banned).toEqual([mallory.playerId]);
    expect(alice.counters().banChecks).toBeGreaterThan(0);
    const dropped = alice.counters().bannedDropped!;
    await world.settle(mallory.directory.sendNote(alice.playerId, 'still here'));
    await world.run(500);
    expect(alice.counters().bannedDropped).toBeGreaterThan(dropped);
  });
});

describe('the DHT join', () => {
  it('is retried in the background when it failed at opening', async () => {
    world = await SessionWorld.create(); // no authority DHT node: the first player has nobody to join through
    const alice = await open(world, 'Alice');
    expect(alice.counters().dhtJoined).toBe(0);
    const bob = await open(world, 'Bob'); // joins through Alice, who answers
    expect(bob.counters().dhtJoined).toBe(1);
    await world.runUntil(() => alice.counters().dhtPublished === 1, 30_000);
    expect(alice.counters().dhtJoined).toBe(1);
  });
});

describe('close', () => {
  it('can be called twice and leaves no timer behind', async () => {
    world = await SessionWorld.create({ dht: true });
    const clock = new CountingClock(world.clock);
    const alice = await open(world, 'Alice', clock);
    const bob = await open(world, 'Bob');
    await world.runUntil(() => alice.directory.peer(bob.playerId) !== undefined);
    await world.run(4_000); // polls, ban re-checks and pings are running
    expect(clock.pending).toBeGreaterThan(0);

    await Promise.all([alice.close(), alice.close()]);
    await alice.close();
    await world.run(100);
    expect(clock.pending).toBe(0);
    expect(alice.transport.connectedPeers()).toEqual([]);
    // Bob sees the link go.
    await world.runUntil(() => bob.peers().find((p) => p.id === alice.playerId)?.connected === false);
    // Nothing runs after close: time passes and the counters stand still.
    const before = alice.counters();
    await world.run(10_000);
    expect(alice.counters()).toEqual(before);
  });

  it('closes when the caller aborts', async () => {
    world = await SessionWorld.create();
    const controller = new AbortController();
    const clock = new CountingClock(world.clock);
    const r = await world.settle(openSession(world.options('Alice', { clock, signal: controller.signal })));
    if (!r.ok) throw r.error;
    controller.abort();
    await world.run(100);
    expect(clock.pending).toBe(0);
    expect(r.value.directory.counters().hellosSent).toBe(0);
  });
});
