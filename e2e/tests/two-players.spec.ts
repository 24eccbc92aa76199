/**
 * Two players in two browser contexts: both register with the authority, find each other through
 * /api/bootstrap, connect over WebRTC (PeerJS signalling on the authority), verify each other's
 * certificates against the pinned authority key, and exchange a signed note.
 */
import type { P2PDebugHandle } from '../../sample-game/src/debug-handle';
import { expect, type PlayerPage, test, uniqueName } from './fixtures';

test('two players verify each other and exchange signed notes', async ({ openPlayer }) => {
  const alice = await openPlayer(uniqueName('Alice'));
  const bob = await openPlayer(uniqueName('Bob'));

  const a = await waitConnected(alice);
  const b = await waitConnected(bob);
  expect(a.playerId).not.toBe(b.playerId);

  await expectVerifiedNote(alice, b.playerId!, bob.name);
  await expectVerifiedNote(bob, a.playerId!, alice.name);

  // Nothing was forged or malformed, so nothing was dropped.
  for (const p of [alice, bob]) {
    const d = await p.debug();
    expect(d.errors).toEqual([]);
    expect(d.counters.notesDropped ?? 0).toBe(0);
    expect(d.counters.hellosRefused ?? 0).toBe(0);
  }
});

async function waitConnected(player: PlayerPage): Promise<P2PDebugHandle> {
  await expect.poll(async () => (await player.debug()).state, { message: `${player.name} connects` }).toBe('connected');
  const d = await player.debug();
  expect(d.name).toBe(player.name);
  expect(d.playerId).toMatch(/^[0-9a-f]{32}$/);
  await expect(player.page.locator('canvas')).toBeVisible();
  return d;
}

/** `player` sees `otherId` verified under `otherName`, and holds a verified note from it. */
async function expectVerifiedNote(player: PlayerPage, otherId: string, otherName: string): Promise<void> {
  await expect
    .poll(async () => (await player.debug()).peers.find((p) => p.id === otherId), {
      message: `${player.name} verifies ${otherName}`,
    })
    .toMatchObject({ id: otherId, name: otherName, verified: true });
  await expect
    .poll(async () => (await player.debug()).notes.filter((n) => n.from === otherId), {
      message: `${player.name} receives a note from ${otherName}`,
    })
    .toContainEqual(expect.objectContaining({ text: `hello from ${otherName}`, verified: true, fromName: otherName }));
}
