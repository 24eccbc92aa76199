/**
 * The README's integration example (`sample-game/readme/main.ts`, the same lines the README
 * shows) played by two browsers: each sees both players' dots, and a pointer moved in one page
 * moves that player's dot in the other.
 */
import { expect, test, uniqueName, waitJoined, waitSees } from './fixtures';

test('the README example: two players see each other and follow the pointer', async ({ openPlayer }) => {
  const names = [uniqueName('Ada'), uniqueName('Bo')];
  const open = (name: string) =>
    openPlayer(name, { path: `/readme/?name=${encodeURIComponent(name)}`, requestDebug: true });
  const ada = await open(names[0]!);
  const bo = await open(names[1]!);
  const a = await waitJoined(ada, 'field');
  const b = await waitJoined(bo, 'field');
  const ids = [a.playerId!, b.playerId!];
  await waitSees(ada, ids);
  await waitSees(bo, ids);

  // The pointer over Ada's canvas is her input: Bo's decided state follows it.
  const canvas = ada.page.locator('canvas');
  const box = (await canvas.boundingBox())!;
  await ada.page.mouse.move(box.x + 200, box.y + 150); // the example's canvas is unscaled: 1 px = 1 world unit
  await expect
    .poll(async () => (await bo.debug()).entities[a.playerId!], { message: "Bo sees Ada's dot move to the pointer" })
    .toEqual({ x: 200, y: 150 });
});
