/**
 * Identity in the browser: the join form, a returning browser that reuses its stored keys (the
 * authority renews its certificates), and the error screen when a name belongs to someone else.
 */
import { expect, test, uniqueName } from './fixtures';

test('the join form, a returning player, and a taken name', async ({ openPlayer }) => {
  const name = uniqueName('Carol');
  const carol = await openPlayer(name, { path: '/' });
  await expect.poll(async () => (await carol.debug()).state).toBe('join-form');
  await carol.page.getByLabel('Choose a name').fill(name);
  await carol.page.getByRole('button', { name: 'Join' }).click();
  await expect(carol.page).toHaveURL(new RegExp(`[?&]name=${name}`));
  await expect.poll(async () => (await carol.debug()).state).toBe('connected');
  const first = await carol.debug();
  expect(first.name).toBe(name);

  // Reloading keeps the keys stored in IndexedDB: same player id, fresh certificates.
  await carol.page.reload();
  await expect.poll(async () => (await carol.debug()).state).toBe('connected');
  expect((await carol.debug()).playerId).toBe(first.playerId);

  // Another browser (other keys) cannot take the name.
  const impostor = await openPlayer(`${name}-impostor`, {
    path: `/?name=${encodeURIComponent(name)}`,
    allowConsoleErrors: [/status of 409/],
  });
  await expect.poll(async () => (await impostor.debug()).state).toBe('error');
  expect((await impostor.debug()).error?.code).toBe('name-taken');
  expect((await impostor.debug()).playerId).toBeNull();
});
