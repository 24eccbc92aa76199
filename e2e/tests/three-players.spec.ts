/**
 * Three players join the town: each sees the other two, and at a decided round all three hold
 * the same positions for everyone, on the fast crypto. A screenshot with the debug overlay is saved as an artifact.
 */
import { arrive, expect, keptPositions, test } from './fixtures';

test('three players see each other at the same positions at the same decided round', async ({
  openPlayer,
}, testInfo) => {
  const { players, ids } = await arrive(openPlayer, ['Ann', 'Ben', 'Cat']);

  // Chromium runs the fast crypto, not the fallbacks: WebCrypto Ed25519 and the WebAssembly SHA-512.
  for (const p of players) expect((await p.debug()).crypto).toEqual({ signatures: 'webcrypto', hash: 'wasm' });

  // Everyone walks somewhere, so the positions compared below are not just the spawn point.
  await Promise.all(players.map((p, i) => p.game('walkTo', 1500 + 64 * i, 1180 + 32 * i)));
  // The others' walks reached each room's speculative view from their revealed inputs, before
  // their rounds were decided (the sample game binds the avatars with `speculative: true`).
  for (const p of players) {
    const zone = (await p.debug()).counters.zone;
    expect(zone['speculation.revealed'] ?? 0, `${p.name}'s view took the others' inputs`).toBeGreaterThan(0);
    expect(zone['speculation.confirmed'] ?? 0, `${p.name}'s view was confirmed`).toBeGreaterThan(0);
  }

  // A round all three have applied and still keep: its positions must be identical everywhere.
  const kept = await Promise.all(players.map((p) => keptPositions(p.page)));
  const common = [...kept[0]!.keys()].filter((r) => kept.every((k) => k.has(r)));
  expect(common.length, 'the three pages keep some decided rounds in common').toBeGreaterThan(0);
  const round = common[Math.floor(common.length / 2)]!;
  const seen = kept.map((k) => k.get(round));
  expect(Object.keys(seen[0] ?? {}).sort()).toEqual([...ids].sort());
  expect(seen[1]).toEqual(seen[0]);
  expect(seen[2]).toEqual(seen[0]);

  // The debug overlay, toggled by its key, in a screenshot artifact.
  const ann = players[0]!;
  await ann.page.keyboard.press('Backquote');
  await expect.poll(async () => (await ann.debug()).overlayVisible).toBe(true);
  const path = testInfo.outputPath('overlay.png');
  await ann.page.screenshot({ path });
  await testInfo.attach('overlay', { path, contentType: 'image/png' });
});
