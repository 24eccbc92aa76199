/**
 * A player closes its tab: the others' rounds go on within two seconds, and the group removes
 * the player that left.
 */
import { arrive, expect, test, waitSees } from './fixtures';

test("a player closes its tab: the others' rounds go on within two seconds", async ({ openPlayer }) => {
  const { players, ids } = await arrive(openPlayer, ['Jo', 'Kim', 'Lu']);
  const [jo, kim, lu] = players as [(typeof players)[0], (typeof players)[0], (typeof players)[0]];

  // The rounds in progress when Lu leaves: within two seconds, both who stayed have applied a
  // round that started after it (decided without Lu's message, which never comes).
  const inProgress = await Promise.all([jo, kim].map(async (p) => (await p.debug()).round ?? 0));
  await lu.page.close();
  const closedAt = Date.now();
  await Promise.all(
    [jo, kim].map((p, i) =>
      expect
        .poll(async () => (await p.debug()).appliedRound ?? 0, {
          message: `${p.name} applies a round that started after Lu left`,
          timeout: Math.max(0, 2_000 - (Date.now() - closedAt)),
          intervals: [100],
        })
        .toBeGreaterThan(inProgress[i]!),
    ),
  );
  // Lu is timed out of the group and disappears from the others' world.
  for (const p of [jo, kim]) {
    await expect
      .poll(async () => (await p.debug()).members.map((m) => m.id).sort(), { message: `${p.name}'s group drops Lu` })
      .toEqual([ids[0]!, ids[1]!].sort());
    await waitSees(p, [ids[0]!, ids[1]!]);
  }
});
