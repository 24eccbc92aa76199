/**
 * A crowd of Node peers (`crowd/node-peers.ts`: real players over PeerJS and @roamhq/wrtc) walks
 * into the town's square cell, where one browser player stands: the cell holds more than
 * `maxGroup` (2) and splits, twice (the root, then r0), and the page's overlay shows the new
 * leaves, its own leaf and the observed ones (screenshot artifact `crowd-overlay.png`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachOverlay, expect, test, uniqueName, waitJoined } from './fixtures';

/** The size rule must be the same at every member (it is part of the cell room's rules). */
const RULE = { maxGroup: '2', minGroup: '1', holdMs: '15000' } as const;
/** A zone of its own (`?zoneTag=`): no quadtree records of an earlier test in the DHT. */
const TAG = `crowd${Math.random().toString(36).slice(2, 7)}`;
const ZONE = `town.${TAG}`;
/** One Node peer in each other quarter of r0 (the browser player stands at the square, in r03). */
const SPOTS = ['600,600', '1300,700', '600,1500'];

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the crowd; resolves with the process and a reader of the peers' joined events. */
function startCrowd(url: string): { child: ChildProcess; joined: () => number; log: () => string } {
  // Its own process group: stopping it stops tsx's node child too (no orphaned peers).
  const child = spawn('npx', ['tsx', 'crowd/node-peers.ts', url, ...SPOTS], {
    cwd: e2eDir,
    detached: true,
    env: { ...process.env, MAX_GROUP: RULE.maxGroup, MIN_GROUP: RULE.minGroup, HOLD_MS: RULE.holdMs, ZONE_NAME: ZONE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let joined = 0;
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    joined = out.split('\n').filter((l) => l.startsWith('{"joined"')).length;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, joined: () => joined, log: () => out.slice(-3000) };
}

test('a crowd of Node peers in one cell makes it split, and the split shows in the overlay of a real page', async ({
  openPlayer,
}, testInfo) => {
  test.setTimeout(300_000);
  const ann = await openPlayer(uniqueName('Ann'), { query: { groups: '1', zoneTag: TAG, ...RULE } });
  const annId = (await waitJoined(ann, ZONE)).playerId!;
  await expect.poll(async () => Object.keys((await ann.debug()).entities)).toContain(annId);
  await expect
    .poll(async () => (await ann.debug()).counters.zone.recordPuts ?? 0, { message: "Ann's group record is stored" })
    .toBeGreaterThan(0);

  const crowd = startCrowd(new URL(ann.page.url()).origin);
  try {
    await expect
      .poll(crowd.joined, { message: 'the Node peers join', timeout: 150_000, intervals: [1000] })
      .toBe(SPOTS.length)
      .catch((e: unknown) => {
        console.log(crowd.log());
        throw e;
      });
    // Four players in the root: it splits into r0..r3 (all four in r0), then r0 into its quarters.
    await expect
      .poll(async () => (await ann.debug()).groups?.cell, { message: 'r0 splits', timeout: 90_000 })
      .toBe('r03')
      .catch((e: unknown) => {
        console.log(crowd.log());
        throw e;
      });
    const d = await ann.debug();
    expect(d.groups!.leaves.map((l) => l.name)).toEqual(expect.arrayContaining(['r00', 'r01', 'r02', 'r03']));
    expect(d.members.map((m) => m.id)).toEqual([annId]);
    // The camera over the square reaches the three other quarters of r0: each is observed.
    await expect
      .poll(async () => [...(await ann.debug()).observed].sort(), {
        message: 'Ann observes the crowd',
        timeout: 30_000,
      })
      .toEqual(expect.arrayContaining(['r00', 'r01', 'r02']));
    await attachOverlay(ann, testInfo, 'crowd-overlay');
  } finally {
    if (crowd.child.pid !== undefined) process.kill(-crowd.child.pid, 'SIGTERM');
  }
});
