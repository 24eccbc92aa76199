/** Helpers shared by the zone's multi-player tests (alone, freeze). */
import { TEST_ZONE, TestRoom } from './fixtures';
import { ZoneHarness, type ZonePlayer } from './testing';

/** Ids of the members of `p`'s group, as its zone room reports them. */
export const membersOf = (p: ZonePlayer): string[] => p.room?.info().members.map((m) => m.id) ?? [];

/** Ids of the avatars in `p`'s game state, sorted. */
export const avatarsOf = (p: ZonePlayer): string[] =>
  Object.keys((p.room!.room.state as { players: Record<string, unknown> }).players).sort();

/**
 * Two players in one group of the test zone: the first founds it, the second joins a second
 * later; resolves once both see both as members. Throws when a join fails.
 */
export async function twoInOneGroup(seed: number): Promise<{ h: ZoneHarness; a: ZonePlayer; b: ZonePlayer }> {
  const h = await ZoneHarness.create({ players: 2, seed });
  for (const i of [0, 1]) {
    const r = await h.settle(h.join(i, { zone: TEST_ZONE, room: TestRoom }));
    if (!r.ok) throw r.error;
    if (i === 0) await h.run(1000);
  }
  const [a, b] = h.players as [ZonePlayer, ZonePlayer];
  await h.waitFor(() => membersOf(a).length === 2 && membersOf(b).length === 2, 20_000, 'two members');
  return { h, a, b };
}
