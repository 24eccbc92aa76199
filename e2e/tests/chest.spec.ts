/**
 * Two players open one chest in the same round: exactly one gets the treasure, and all three
 * pages agree on who.
 */
import { arrive, expect, test } from './fixtures';

const CHEST = { id: 'north', x: 1424, y: 304 };

test('two players open one chest in the same round: exactly one gets the treasure', async ({ openPlayer }) => {
  const { players, ids } = await arrive(openPlayer, ['Dee', 'Eli', 'Fay']);
  const [dee, eli, fay] = players as [(typeof players)[0], (typeof players)[0], (typeof players)[0]];

  // Dee and Eli stand on either side of the chest.
  const arrived = await Promise.all([
    dee.game('walkTo', CHEST.x - 24, CHEST.y + 28),
    eli.game('walkTo', CHEST.x + 24, CHEST.y + 28),
  ]);
  expect(arrived).toEqual([true, true]);
  expect((await fay.game('chests')) as Record<string, unknown>).toMatchObject({ [CHEST.id]: { openedBy: null } });

  // Both ask in the same round, a little ahead of now.
  const round = Math.max(...(await Promise.all([dee, eli].map(async (p) => (await p.debug()).round ?? 0)))) + 40;
  expect(await dee.game('openChest', CHEST.id, round)).toBe(true);
  expect(await eli.game('openChest', CHEST.id, round)).toBe(true);

  await expect
    .poll(async () => ((await fay.game('chests')) as Record<string, { openedBy: string | null }>)[CHEST.id]?.openedBy, {
      message: 'the chest is opened',
    })
    .not.toBeNull();
  const winner = ((await fay.game('chests')) as Record<string, { openedBy: string }>)[CHEST.id]!.openedBy;
  expect([ids[0], ids[1]]).toContain(winner);
  const loser = winner === ids[0] ? ids[1]! : ids[0]!;
  for (const p of players) {
    await expect
      .poll(
        async () => {
          const chests = (await p.game('chests')) as Record<string, { openedBy: string | null }>;
          const treasure = (await p.game('treasure')) as Record<string, number>;
          return {
            openedBy: chests[CHEST.id]?.openedBy,
            winnerRich: (treasure[winner] ?? 0) > 0,
            loser: treasure[loser],
          };
        },
        { message: `${p.name} agrees on who took the treasure` },
      )
      .toEqual({ openedBy: winner, winnerRich: true, loser: 0 });
  }
});
