/**
 * Test-build knobs read from the address (only when `__P2P_DEBUG__`; a production build drops
 * this code and the adversaries module with it):
 *
 * - `?groups=1` (every build) divides the town into quadtree groups; in test builds
 *   `maxGroup`, `minGroup` and `holdMs` set their sizes (three to six players then split a cell).
 * - `?zoneTag=TAG` (test builds) joins the town as zone `town.TAG`: its own group records and
 *   NEO contexts, so a browser test's quadtree is not the one a previous test left in the DHT.
 * - `?cheat=equivocate` joins as the e2e tests' "cheating client": from `cheatAfter` rounds
 *   after its first (default 40), every round it signs two different messages and sends the
 *   second to every other recipient, which the honest players prove and report.
 */
import type { NeoHooks, ZoneDef, ZoneGroupsOptions } from 'phaser-p2p-mmo';
import { debugParam } from '../ui/url';

/** The adversarial hooks the address asks for, if any (always none in a production build). */
export async function testHooksFromUrl(): Promise<NeoHooks | undefined> {
  if (!__P2P_DEBUG__ || debugParam('cheat') !== 'equivocate') return undefined;
  const { equivocate } = await import('phaser-p2p-mmo/testing');
  const after = Number.parseInt(debugParam('cheatAfter') ?? '40', 10);
  let first: number | undefined;
  let flip = false;
  return equivocate({
    rounds: (round) => {
      first ??= round;
      return round >= first + (Number.isFinite(after) ? after : 40);
    },
    // Alternate recipients: some get the first message, the others the second.
    second: () => {
      flip = !flip;
      return flip;
    },
  });
}

/** The quadtree groups the address asks for (`?groups=1`), with the test builds' size knobs. */
export function groupsFromUrl(): ZoneGroupsOptions | undefined {
  if (new URLSearchParams(window.location.search).get('groups') !== '1') return undefined;
  const out: { maxGroup?: number; minGroup?: number; holdMs?: number } = {};
  for (const key of ['maxGroup', 'minGroup', 'holdMs'] as const) {
    const v = Number.parseInt(debugParam(key) ?? '', 10);
    if (Number.isFinite(v)) out[key] = v;
  }
  return out;
}

/** `def`, renamed `name.TAG` when the address says `?zoneTag=TAG` (test builds only). */
export function zoneFromUrl(def: ZoneDef): ZoneDef {
  const tag = debugParam('zoneTag');
  return tag !== undefined && /^[A-Za-z0-9_-]{1,16}$/.test(tag) ? { ...def, name: `${def.name}.${tag}` } : def;
}
