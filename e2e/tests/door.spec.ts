/**
 * A player walks through the door into the house (another zone, another group) and back: it
 * leaves one room and joins the other, and the player outside sees it go and come back.
 */
import { arrive, expect, test, waitJoined, waitSees } from './fixtures';

test('through the door into the house and back', async ({ openPlayer }) => {
  const {
    players: [mo, ned],
    ids: [m, n],
  } = await arrive(openPlayer, ['Mo', 'Ned']);
  if (mo === undefined || ned === undefined || m === undefined || n === undefined) throw new Error('two players');
  const townGroup = (await ned.debug()).groupId;

  expect(await mo.game('useDoor')).toBe(true);
  const inside = await waitJoined(mo, 'house');
  expect(inside.groupId).not.toBe(townGroup);
  expect(inside.members.map((x) => x.id)).toEqual([m]);
  // Ned sees Mo go: gone from the town's state and group.
  await waitSees(ned, [n]);
  await expect.poll(async () => (await ned.debug()).members.map((x) => x.id)).toEqual([n]);

  expect(await mo.game('useDoor')).toBe(true);
  await waitJoined(mo, 'town');
  await waitSees(ned, [m, n]);
  await waitSees(mo, [m, n]);
  expect((await mo.game('where')) as { zone: string }).toMatchObject({ zone: 'town' });
});
