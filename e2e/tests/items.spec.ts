/**
 * A dropped item is seen by the others, and by a player who joins afterwards; picked up, it is
 * gone for everyone.
 */
import { arrive, expect, test, uniqueName, waitJoined } from './fixtures';

test('a dropped item is seen by the others and by a player who joins later', async ({ openPlayer }) => {
  const {
    players: [gus, hal],
    ids,
  } = await arrive(openPlayer, ['Gus', 'Hal']);
  if (gus === undefined || hal === undefined) throw new Error('two players expected');

  expect(await gus.game('dropItem', 'gem')).toBe(true);
  await expect
    .poll(async () => (await hal.debug()).items.map((i) => ({ kind: i.kind, by: i.by })), {
      message: 'Hal sees the gem Gus dropped',
    })
    .toEqual([{ kind: 'gem', by: ids[0] }]);
  const item = (await hal.debug()).items[0]!;

  // Ivy arrives after the drop and finds it too.
  const ivy = await openPlayer(uniqueName('Ivy'));
  await waitJoined(ivy);
  await expect
    .poll(async () => (await ivy.debug()).items.map((i) => i.id), { message: 'Ivy, arriving later, sees the gem' })
    .toEqual([item.id]);

  // Hal walks to it and picks it up: gone everywhere.
  expect(await hal.game('walkTo', item.x, item.y)).toBe(true);
  await expect.poll(() => hal.game('pickUpNearest'), { message: 'Hal picks up the gem' }).toBe(item.id);
  for (const p of [gus, hal, ivy]) {
    await expect.poll(async () => (await p.debug()).items.length, { message: `${p.name} sees it gone` }).toBe(0);
  }
});
