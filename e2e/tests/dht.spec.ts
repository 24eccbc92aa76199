/**
 * Certificates and bans through the DHT: players verify each other's certificates (the signed
 * hello) and also find them with DHT lookups; then the authority bans one of them (the test-only
 * admin endpoint of sample-game/server/test-admin.ts) and the others find the ban, drop its
 * messages and remove it from the zone's group.
 */
import { arrive, expect, test } from './fixtures';

const adminPort = process.env.P2P_TEST_ADMIN_PORT;
const adminToken = process.env.P2P_TEST_ADMIN_TOKEN;

test('certificates found through the DHT, and an authority ban honoured by everyone', async ({
  openPlayer,
  request,
}) => {
  const { players, ids } = await arrive(openPlayer, ['Quin', 'Rae', 'Mallory']);
  const [quin, rae, mallory] = players as [(typeof players)[0], (typeof players)[0], (typeof players)[0]];
  const malloryId = ids[2]!;

  // Every player verified the others and found their certificates in the DHT too (`dhtName`
  // is set only by a DHT lookup).
  for (const [i, p] of players.entries()) {
    for (const [j, other] of players.entries()) {
      if (i === j) continue;
      await expect
        .poll(async () => (await p.debug()).peers.find((x) => x.id === ids[j]), {
          message: `${p.name} verifies ${other.name} and finds its certificate in the DHT`,
        })
        .toMatchObject({ id: ids[j], name: other.name, verified: true, dhtName: other.name, banned: false });
    }
    const counters = (await p.debug()).counters.session;
    expect(counters.dhtJoined).toBe(1);
    expect(counters.dhtLookupHits ?? 0).toBeGreaterThanOrEqual(1);
  }

  expect(adminPort, 'the e2e config sets P2P_TEST_ADMIN_PORT').toBeDefined();
  const banned = await request.post(`http://127.0.0.1:${adminPort}/ban?id=${malloryId}&reason=e2e`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(banned.status()).toBe(200);

  for (const p of [quin, rae]) {
    await expect
      .poll(async () => (await p.debug()).peers.find((x) => x.id === malloryId)?.banned, {
        message: `${p.name} finds the ban in the DHT`,
        timeout: 30_000,
      })
      .toBe(true);
    await expect
      .poll(async () => (await p.debug()).members.map((m) => m.id).sort(), {
        message: `${p.name}'s group removes Mallory`,
        timeout: 30_000,
      })
      .toEqual([ids[0]!, ids[1]!].sort());
  }
  // Mallory's page keeps sending; the gate drops it.
  await expect
    .poll(async () => (await quin.debug()).counters.session.bannedDropped ?? 0, {
      message: "Mallory's messages are dropped",
    })
    .toBeGreaterThan(0);
  expect(mallory.page.isClosed()).toBe(false);
});
