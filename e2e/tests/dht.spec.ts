/**
 * Certificates and bans through the DHT: two players find each other's certificates with DHT
 * lookups (not only through the hello), then the authority bans one of them (through the
 * test-only admin endpoint of sample-game/server/test-admin.ts) and the other marks it banned
 * and drops its later notes.
 */
import type { P2PDebugHandle } from '../../sample-game/src/debug-handle';
import { expect, type PlayerPage, test, uniqueName } from './fixtures';

const adminPort = process.env.P2P_TEST_ADMIN_PORT;
const adminToken = process.env.P2P_TEST_ADMIN_TOKEN;

test('players find certificates through the DHT and honour an authority ban', async ({ openPlayer, request }) => {
  test.setTimeout(90_000);
  const alice = await openPlayer(uniqueName('Alice'));
  // Mallory sends a signed note every second, so notes keep coming after the ban.
  const malloryName = uniqueName('Mallory');
  const mallory = await openPlayer(malloryName, { path: `/?name=${malloryName}&noteEveryMs=1000` });
  const a = await waitConnected(alice);
  const m = await waitConnected(mallory);
  const aliceId = a.playerId as string;
  const malloryId = m.playerId as string;

  // Each found the other's certificates through a DHT lookup (dhtName is set only by the DHT path).
  await expectDhtCert(alice, malloryId, mallory.name);
  await expectDhtCert(mallory, aliceId, alice.name);
  for (const p of [alice, mallory]) {
    const d = await p.debug();
    expect(d.counters.dhtJoined).toBe(1);
    expect(d.counters.dhtLookupHits).toBeGreaterThanOrEqual(1);
  }
  // Alice accepts Mallory's notes before the ban.
  await expect
    .poll(async () => notesFrom(await alice.debug(), malloryId), { message: 'notes from Mallory arrive' })
    .toBeGreaterThanOrEqual(2);
  expect((await alice.debug()).counters.bannedDropped ?? 0).toBe(0);

  expect(adminPort, 'the e2e config sets P2P_TEST_ADMIN_PORT').toBeDefined();
  const banned = await request.post(`http://127.0.0.1:${adminPort}/ban?id=${malloryId}&reason=e2e`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(banned.status()).toBe(200);

  await expect
    .poll(async () => (await alice.debug()).peers.find((p) => p.id === malloryId)?.banned, {
      message: 'Alice finds the ban in the DHT',
      timeout: 30_000,
    })
    .toBe(true);
  const atBan = await alice.debug();
  const acceptedAtBan = notesFrom(atBan, malloryId);
  const droppedAtBan = atBan.counters.bannedDropped ?? 0;
  await expect
    .poll(async () => (await alice.debug()).counters.bannedDropped ?? 0, { message: "Mallory's messages are dropped" })
    .toBeGreaterThan(droppedAtBan + 2);
  const after = await alice.debug();
  expect(notesFrom(after, malloryId)).toBe(acceptedAtBan);
  expect(after.peers.find((p) => p.id === malloryId)).toMatchObject({ banned: true, verified: false });
  // Alice herself is not banned in Mallory's view.
  expect((await mallory.debug()).peers.find((p) => p.id === aliceId)?.banned ?? false).toBe(false);
});

function notesFrom(d: P2PDebugHandle, id: string): number {
  return d.notes.filter((n) => n.from === id).length;
}

async function waitConnected(player: PlayerPage): Promise<P2PDebugHandle> {
  await expect.poll(async () => (await player.debug()).state, { message: `${player.name} connects` }).toBe('connected');
  return player.debug();
}

/** `player` holds `otherId`'s certificates from a DHT lookup, naming `otherName`. */
async function expectDhtCert(player: PlayerPage, otherId: string, otherName: string): Promise<void> {
  await expect
    .poll(async () => (await player.debug()).peers.find((p) => p.id === otherId), {
      message: `${player.name} looks up ${otherName} in the DHT`,
      timeout: 30_000,
    })
    .toMatchObject({ id: otherId, dhtName: otherName });
}
