/**
 * Identity in the browser: the join form with its progress, a returning browser that reuses its
 * stored keys (the authority renews its certificates), and the error screen when a name belongs
 * to someone else.
 */
import { expect, test, uniqueName, waitJoined } from './fixtures';

test('the join form, a returning player, and a taken name', async ({ openPlayer }) => {
  const name = uniqueName('Carol');
  const carol = await openPlayer(name, { path: '/' });
  await expect(carol.page.getByLabel('Choose a name')).toBeVisible();
  await carol.page.getByLabel('Choose a name').fill(name);
  await carol.page.getByRole('button', { name: 'Join' }).click();
  const first = await waitJoined(carol);
  expect(first.name).toBe(name);
  expect(first.progress.slice(0, 6)).toEqual(['keys', 'registration', 'signalling', 'dht', 'group', 'first-round']);

  // Reloading keeps the keys stored in IndexedDB: same player id, fresh certificates.
  await carol.page.goto(`/?name=${encodeURIComponent(name)}`);
  const again = await waitJoined(carol);
  expect(again.playerId).toBe(first.playerId);

  // Another browser (other keys) cannot take the name: a clear error screen.
  const impostor = await openPlayer(`${name}-impostor`, {
    path: `/?name=${encodeURIComponent(name)}`,
    allowConsoleErrors: [/status of 409/, /409 POST \S+\/api\/accounts/],
  });
  await expect.poll(async () => (await impostor.debug().catch(() => null))?.error?.code).toBe('name-taken');
  await expect(impostor.page.locator('#error')).toBeVisible();
  await expect(impostor.page.locator('#error-message')).toContainText(name);
});
