import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from './context';
import { reach, readGroupRecord } from './discovery';
import type { EntryWire, ItemRec, SystemMessages } from './system-room';

/**
 * The merge rule for two groups founded for one cell: the other group wins when it has more
 * members, or as many and the smaller group id. Both sides apply the same rule to the same
 * records, so exactly one of them dissolves.
 */
export function otherGroupWins(
  ours: { readonly size: number; readonly groupId: string },
  theirs: { readonly members: readonly PeerId[]; readonly groupId: string },
): boolean {
  const n = theirs.members.length;
  return n > ours.size || (n === ours.size && theirs.groupId < ours.groupId);
}

/** Every item of a system state (tombstones included) as area entries, by cell. */
export function entriesByCell(items: Readonly<Record<string, ItemRec>>): Map<string, EntryWire[]> {
  const out = new Map<string, EntryWire[]>();
  for (const [id, it] of Object.entries(items)) {
    const list = out.get(it.cell) ?? [];
    list.push([id, it.kind, it.x, it.y, it.droppedAt, it.decaysAt, it.by, it.version, it.removed]);
    out.set(it.cell, list);
  }
  return out;
}

/** The `load` messages carrying `entries` of one cell (in chunks that fit a small input). */
export function loadMessages(cell: string, seq: number, entries: readonly EntryWire[], chunk: number) {
  const out: SystemMessages['load'][] = [];
  if (entries.length === 0 && seq > 0) out.push({ cell, seq, entries: [] });
  for (let i = 0; i < entries.length; i += chunk) out.push({ cell, seq, entries: entries.slice(i, i + chunk) });
  return out;
}

/** What the leader does after reading its zone cell's group record. */
export type RecordAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'republish' }
  | { readonly kind: 'dissolve'; readonly into: string }
  | { readonly kind: 'bump'; readonly seq: number };

/**
 * The leader's look at the cell's group record: ours (or none): republish when it is missing or
 * older than our newest; another live group that wins the merge rule (a member answers within
 * 3 s): dissolve into it; any other group's: outrank its record with our next one.
 */
export async function recordAction(
  ctx: ZonePeerContext,
  zone: string,
  cell: string,
  ours: { readonly groupId: string; readonly size: number; readonly newestSeq: number },
): Promise<RecordAction> {
  const rec = await readGroupRecord(ctx, zone, cell, 5000);
  if (rec === undefined) return { kind: 'republish' };
  if (rec.groupId === ours.groupId) return rec.seq < ours.newestSeq ? { kind: 'republish' } : { kind: 'none' };
  const others = rec.members.filter((x) => x !== ctx.playerId && !ctx.isBanned(x));
  const alive = otherGroupWins(ours, rec) && (await reach(ctx, others, 3000)).length > 0;
  return alive ? { kind: 'dissolve', into: rec.groupId } : { kind: 'bump', seq: rec.seq };
}
