import { describe, expect, it } from 'vitest';
import { createPlayer, createWorld, type Node, run, runUntil, startNode } from './test-support';

describe('PeerDirectory handshake', () => {
  it('two peers verify each other and exchange signed notes', async () => {
    const world = await createWorld();
    const alice = startNode(world, await createPlayer(world, 'Alice'));
    const bob = startNode(world, await createPlayer(world, 'Bob'));
    void alice.transport.connect(bob.player.id);
    await runUntil(world, () => alice.verified.length === 1 && bob.verified.length === 1);

    expect(alice.verified[0]).toMatchObject({ id: bob.player.id, name: 'Bob' });
    expect(alice.verified[0]?.sign).toEqual(bob.player.ring.sign.publicKey);
    expect(alice.verified[0]?.box).toEqual(bob.player.ring.box.publicKey);
    expect(bob.verified[0]).toMatchObject({ id: alice.player.id, name: 'Alice' });
    expect(alice.dir.peer(bob.player.id)?.name).toBe('Bob');

    expect((await alice.dir.sendNote(bob.player.id, 'hello from Alice')).ok).toBe(true);
    expect((await bob.dir.sendNote(alice.player.id, 'hello from Bob')).ok).toBe(true);
    await runUntil(world, () => alice.notes.length === 1 && bob.notes.length === 1);
    expect(bob.notes[0]).toMatchObject({ from: alice.player.id, name: 'Alice', text: 'hello from Alice' });
    expect(alice.notes[0]).toMatchObject({ from: bob.player.id, name: 'Bob', text: 'hello from Bob' });

    for (const n of [alice, bob]) {
      const c = n.dir.counters();
      expect(c).toMatchObject({ hellosSent: 1, hellosReceived: 1, peersVerified: 1, hellosRefused: 0 });
      expect(c).toMatchObject({ notesSent: 1, notesReceived: 1, notesDropped: 0 });
      expect(n.dir.wireCounters.droppedTotal).toBe(0);
    }
  });

  it('several peers in a full mesh all verify each other', async () => {
    const world = await createWorld(2);
    const names = ['Ann', 'Ben', 'Cat', 'Dan', 'Eve', 'Fay'];
    const nodes: Node[] = [];
    for (const name of names) nodes.push(startNode(world, await createPlayer(world, name)));
    for (const a of nodes) for (const b of nodes) if (a.player.id < b.player.id) void a.transport.connect(b.player.id);
    await runUntil(world, () => nodes.every((n) => n.verified.length === names.length - 1), 10_000);
    for (const n of nodes) {
      const seen = n.dir
        .verifiedPeers()
        .map((p) => p.name)
        .sort();
      expect(seen).toEqual(names.filter((x) => x !== n.player.name).sort());
      expect(n.refused).toEqual([]);
    }
    for (const a of nodes) for (const b of a.dir.verifiedPeers()) await a.dir.sendNote(b.id, `hi ${b.name}`);
    await runUntil(world, () => nodes.every((n) => n.notes.length === names.length - 1));
    for (const n of nodes) expect(new Set(n.notes.map((x) => x.text))).toEqual(new Set([`hi ${n.player.name}`]));
  });

  it('refuses to send notes to unverified peers and after stop', async () => {
    const world = await createWorld(3);
    const alice = startNode(world, await createPlayer(world, 'Alice'));
    const bob = startNode(world, await createPlayer(world, 'Bob'));
    expect((await alice.dir.sendNote(bob.player.id, 'too early')).ok).toBe(false);
    void alice.transport.connect(bob.player.id);
    await runUntil(world, () => alice.verified.length === 1);
    const tooLong = await alice.dir.sendNote(bob.player.id, 'x'.repeat(501));
    expect(tooLong.ok ? undefined : tooLong.error.code).toBe('invalid');
    alice.dir.stop();
    alice.dir.stop();
    const stopped = await alice.dir.sendNote(bob.player.id, 'late');
    expect(stopped.ok ? undefined : stopped.error.code).toBe('stopped');
  });

  it('forgets a peer when its link closes and verifies it again on a new link', async () => {
    const world = await createWorld(4);
    const alice = startNode(world, await createPlayer(world, 'Alice'));
    const bob = startNode(world, await createPlayer(world, 'Bob'));
    void alice.transport.connect(bob.player.id);
    await runUntil(world, () => bob.verified.length === 1);
    alice.transport.disconnect(bob.player.id);
    await runUntil(world, () => bob.lost.length === 1 && alice.lost.length === 1);
    expect(bob.dir.peer(alice.player.id)).toBeUndefined();
    void bob.transport.connect(alice.player.id);
    await runUntil(world, () => bob.verified.length === 2 && alice.verified.length === 2);
    expect(alice.dir.peer(bob.player.id)?.name).toBe('Bob');
  });

  it('closes links whose peer never says hello', async () => {
    const world = await createWorld(5);
    const alice = startNode(world, await createPlayer(world, 'Alice'), { handshakeTimeoutMs: 2_000 });
    const mute = world.net.createPeer('mute');
    void mute.connect(alice.player.id);
    await run(world, 500);
    expect(mute.isConnected(alice.player.id)).toBe(true);
    await run(world, 2_000, 50);
    expect(mute.isConnected(alice.player.id)).toBe(false);
    expect(alice.dir.counters().handshakeTimeouts).toBe(1);
  });

  it('greets peers whose link opened before start, and stops when its AbortSignal fires', async () => {
    const world = await createWorld(6);
    const controller = new AbortController();
    const alicePlayer = await createPlayer(world, 'Alice');
    const bob = startNode(world, await createPlayer(world, 'Bob'));
    const aliceTransport = world.net.createPeer(alicePlayer.id);
    void aliceTransport.connect(bob.player.id);
    await run(world, 300);
    expect(aliceTransport.isConnected(bob.player.id)).toBe(true);
    // Bob's hello went unheard; Alice's directory greets the open link when it starts.
    const alice = startNode(world, alicePlayer, { signal: controller.signal }, aliceTransport);
    await runUntil(world, () => bob.verified.length === 1);
    expect(bob.verified[0]?.name).toBe('Alice');
    controller.abort();
    expect((await alice.dir.sendNote(bob.player.id, 'x')).ok).toBe(false);
    expect(alice.dir.verifiedPeers()).toEqual([]);
  });
});
