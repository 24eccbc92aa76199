/**
 * The leader of a group: computed from the member list, never negotiated. It is the member with
 * the lowest `hash32(canonical(["zone-leader", id, zone, cell, epoch]))` (bytewise), so every
 * member finds the same one, it changes only at epoch boundaries (new members or a new epoch
 * number), and a cell's leader says nothing about its siblings'. The rule is the one the DHT
 * `group` validator checks (`dht/records/validators/group.ts`).
 */
import { groupLeader, leaderRank } from '../dht/records/validators/group';
import type { Epoch } from '../neo/schedule';
import type { PeerId } from '../transport/transport';

export { groupLeader, leaderRank };

/** The leader of a NEO epoch of the group of `cell` in `zone` (undefined without members). */
export function epochLeader(zone: string, cell: string, e: Pick<Epoch, 'epoch' | 'members'>): PeerId | undefined {
  return groupLeader(e.members, zone, cell, e.epoch);
}
