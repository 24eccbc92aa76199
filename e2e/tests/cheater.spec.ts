/**
 * A cheating client (the test build's `?cheat=equivocate`: it signs two different messages for
 * one round) is proven by the honest players, banned by the authority, and ignored by everyone.
 */
import { arrive, expect, test, uniqueName, waitJoined, waitSees } from './fixtures';

test('an equivocating client is proven, banned and ignored by everyone', async ({ openPlayer }) => {
  const {
    players: [olga, pat],
    ids: [o, p],
  } = await arrive(openPlayer, ['Olga', 'Pat']);
  if (olga === undefined || pat === undefined || o === undefined || p === undefined) throw new Error('two players');
  const mal = await openPlayer(uniqueName('Mal'), {
    query: { cheat: 'equivocate', cheatAfter: '60' },
    allowConsoleErrors: [/status of 403/],
  });
  const m = (await waitJoined(mal)).playerId!;
  for (const x of [olga, pat]) await waitSees(x, [o, p, m]);

  for (const honest of [olga, pat]) {
    await expect
      .poll(async () => (await honest.debug()).peers.find((peer) => peer.id === m)?.banned, {
        message: `${honest.name} learns that Mal is banned`,
        timeout: 45_000,
      })
      .toBe(true);
    await expect
      .poll(async () => (await honest.debug()).members.map((x) => x.id).sort(), {
        message: `${honest.name}'s group removed Mal`,
        timeout: 30_000,
      })
      .toEqual([o, p].sort());
    await waitSees(honest, [o, p]);
  }
  // The proof went to the authority from an honest player, and the authority accepted it.
  const accepted = await Promise.all(
    [olga, pat].map(async (x) => (await x.debug()).counters.session.proofsAccepted ?? 0),
  );
  expect(accepted[0]! + accepted[1]!).toBeGreaterThan(0);
  // Mal's messages are dropped from then on, and the honest pair's rounds go on.
  const dropped = (await olga.debug()).counters.session.bannedDropped ?? 0;
  const round = (await olga.debug()).appliedRound ?? 0;
  await expect.poll(async () => (await olga.debug()).appliedRound ?? 0).toBeGreaterThan(round + 10);
  expect((await olga.debug()).counters.session.bannedDropped ?? 0).toBeGreaterThanOrEqual(dropped);
});
