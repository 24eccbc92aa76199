/** Group records signed by harness players, for tests and the world simulation. */
import { assembleQuorumCertificate, signQuorumVote } from '../../dht/records/quorum-cert';
import type { DhtRecord } from '../../dht/records/record';
import {
  buildGroupRecord,
  cellChildren,
  GROUP_PURPOSE,
  GROUP_RECORD_TTL_MS,
  type GroupRecordBody,
  groupLeader,
  groupRecordDigest,
} from '../../dht/records/validators/group';
import type { HarnessPlayer } from '../../dht/testing/harness';

/** A record body for `members` (sorted here) of `cell`, leaf unless `inner`. */
export function groupBody(
  zone: string,
  cell: string,
  members: readonly HarnessPlayer[],
  now: number,
  over: Partial<GroupRecordBody> & { readonly inner?: boolean } = {},
): GroupRecordBody {
  const ids = members.map((p) => p.id).sort();
  const epoch = over.epoch ?? 1;
  const { inner, ...rest } = over;
  return {
    zone,
    cell,
    groupId: `${ids[0]}.${Math.floor(now)}`,
    seq: 1,
    exp: Math.floor(now) + GROUP_RECORD_TTL_MS,
    epoch,
    firstRound: 16,
    t0: Math.floor(now),
    roundMs: 50,
    k: 2,
    members: ids,
    leader: groupLeader(ids, zone, cell, epoch)!,
    ...(inner ? { children: cellChildren(cell) } : {}),
    ...rest,
  };
}

/** The record of `body` signed by `signers` (members of it); `digestOf` signs another body. */
export async function signGroupRecord(
  body: GroupRecordBody,
  signers: readonly HarnessPlayer[],
  digestOf: GroupRecordBody = body,
): Promise<DhtRecord> {
  const digest = groupRecordDigest(digestOf);
  const votes = await Promise.all(
    signers.map((p) =>
      signQuorumVote(p.signer, p.credentials.identity, body.members, body.members.indexOf(p.id), GROUP_PURPOSE, digest),
    ),
  );
  return buildGroupRecord(body, assembleQuorumCertificate(body.members, votes));
}
