/** Records for tests: certificates, bans and area writes signed by a harness's authority and players. */
import type { PeerId } from '../../transport/transport';
import { AREA_PURPOSE, type AreaBatch, type AreaEntry, areaWriteDigest, buildAreaRecord } from '../records/area';
import { assembleQuorumCertificate, signQuorumVote } from '../records/quorum-cert';
import type { DhtRecord } from '../records/record';
import { banRecord } from '../records/validators/ban';
import { certRecord } from '../records/validators/cert';
import type { DhtHarness, HarnessPlayer } from './harness';

/** The certificate record of `player`. */
export function certRecordOf(player: HarnessPlayer): DhtRecord {
  return certRecord(player.id, player.credentials, player.keyExpiry);
}

/** A ban record for `id`, signed by the harness authority at the current time. */
export async function banRecordOf(h: DhtHarness, id: string, reason = 'test'): Promise<DhtRecord> {
  const at = Math.floor(h.clock.now());
  const cert = await h.ban(id, reason);
  return banRecord(cert, { t: 'ban', id, reason, at });
}

/** Sorts players by id: a group's member list is sorted. */
export function sortedGroup(players: readonly HarnessPlayer[]): HarnessPlayer[] {
  return [...players].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One item entry. */
export function item(id: string, by: PeerId, now: number, changes: Partial<AreaEntry> = {}): AreaEntry {
  return {
    id,
    kind: 'sword',
    x: 10,
    y: 20,
    droppedAt: now,
    decaysAt: now + 3600_000,
    by,
    version: 1,
    removed: false,
    ...changes,
  };
}

/** A batch signed by the first `signers` members of `group` (sorted). */
export async function areaBatch(
  key: string,
  seq: number,
  entries: readonly AreaEntry[],
  group: readonly HarnessPlayer[],
  signers = Math.floor(group.length / 2) + 1,
): Promise<AreaBatch> {
  const members = group.map((m) => m.id);
  const digest = areaWriteDigest(key, seq, entries);
  const votes = await Promise.all(
    group
      .slice(0, signers)
      .map((m, i) => signQuorumVote(m.signer, m.credentials.identity, members, i, AREA_PURPOSE, digest)),
  );
  return { seq, entries, qc: assembleQuorumCertificate(members, votes) };
}

/** An area record of the given batches (throws when empty: a test bug). */
export function areaRecordOf(key: string, batches: readonly AreaBatch[]): DhtRecord {
  const r = buildAreaRecord(key, batches);
  if (r === undefined) throw new Error('empty area record');
  return r;
}
