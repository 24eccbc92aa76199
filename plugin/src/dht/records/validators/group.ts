import { hash32 } from '../../../crypto/hash';
import type { PeerId } from '../../../transport/transport';
import { err, ok, type Result } from '../../../util/result';
import { encodeCanonical, type Infer, s } from '../../../wire';
import { peerIdSchema } from '../../../wire/messages/common';
import {
  checkQuorumShape,
  QC_MAX_MEMBERS,
  type QuorumCertificate,
  quorumCertificateSchema,
  quorumFromWire,
  quorumThreshold,
  quorumToWire,
  verifyQuorumCertificate,
} from '../quorum-cert';
import type { DhtRecord, ValidRecord } from '../record';
import { RecordRejection } from '../rejection';
import { newer } from '../validation';
import type { RecordValidator } from '../validator';
import { decodeRecordValue, encodeRecordValue } from '../value-codec';

/** Record type of a zone cell's group (who plays there, and when its rounds run). */
export const GROUP_RECORD_TYPE = 'group';
/** What the members of a group sign (through the quorum certificate) for their group record. */
export const GROUP_PURPOSE = 'dht-group';
/** A group record lives this long without a republish (the leader republishes well before). */
export const GROUP_RECORD_TTL_MS = 60_000;
/** A record claiming to live longer than this from now is refused (a bound on stale records). */
export const GROUP_RECORD_MAX_TTL_MS = 5 * 60_000;
/**
 * A record signed less than this long ago (`exp - GROUP_RECORD_TTL_MS` is when it was signed) is
 * **fresh**. A fresh record is replaced only by a version that a majority of its own members
 * signed (the same group going on: a new epoch, a refresh, a re-rooted group) or by a record
 * naming more members. A quadtree group re-signs every 8 s (5 s after a change of members), so
 * its record is fresh nearly all the time and a single peer (a group of one) cannot push a live
 * group of two or more out of its key; a dead group's record gives way once it is not fresh.
 */
export const GROUP_FRESH_MS = 10_000;

const ZONE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Quadtree cell paths: `r` (the root) then one digit 0..3 per level. */
const CELL = /^r[0-3]{0,31}$/;
const GROUP_KEY = /^group:([A-Za-z0-9_.-]{1,64}):(r[0-3]{0,31})$/;
/** A group id: the founder's peer id and the founding T0 (`<founder>.<t0>`). */
const GROUP_ID = /^[A-Za-z0-9_-]{1,64}\.[0-9]{1,16}$/;

/** What a group record says (everything but the certificate). */
export interface GroupRecordBody {
  readonly zone: string;
  readonly cell: string;
  /** `<founder id>.<founding T0>`: names the group across its epochs. */
  readonly groupId: string;
  /** Version: rises with every signed version (each epoch, each refresh). */
  readonly seq: number;
  /** Unix ms after which the record is dead (about {@link GROUP_RECORD_TTL_MS} after signing). */
  readonly exp: number;
  readonly epoch: number;
  readonly firstRound: number;
  readonly t0: number;
  readonly roundMs: number;
  readonly k: number;
  /** Member ids, sorted ascending. */
  readonly members: readonly PeerId[];
  /** The member with the lowest {@link leaderRank} for this epoch. */
  readonly leader: PeerId;
  /**
   * Quadtree groups: present on an **inner** record (the cell is split), naming the cell's four
   * children in order; absent on a leaf record (the zone layer's records are all leaves). The
   * members of an inner record are the group that split the cell or a group below it.
   */
  readonly children?: readonly string[] | undefined;
}

/** A verified group record. */
export interface VerifiedGroup extends GroupRecordBody {
  readonly qc: QuorumCertificate;
}

const fields = [
  s.str({ min: 3, max: 96, pattern: GROUP_ID }),
  s.uint(),
  s.uint(),
  s.float({ min: 0 }),
  s.uint({ min: 1, max: 60_000 }),
  s.uint({ min: 1, max: 255 }),
  s.array(peerIdSchema, { min: 1, max: QC_MAX_MEMBERS }),
  peerIdSchema,
  quorumCertificateSchema,
] as const;
/** A leaf record's value (the zone layer's form, unchanged). */
const valueSchema = s.tuple(fields);
/** An inner record's value: the leaf form plus the children's cell paths. */
const innerValueSchema = s.tuple([...fields, s.array(s.str({ min: 2, max: 32, pattern: CELL }), { min: 4, max: 4 })]);
type GroupValueWire = Infer<typeof valueSchema>;

/** The typed key of a zone cell's group record. Throws `RangeError` on a bad zone or cell. */
export function groupRecordKey(zone: string, cell: string): string {
  if (!ZONE.test(zone)) throw new RangeError('zone must match [A-Za-z0-9_.-]{1,64}');
  if (!CELL.test(cell)) throw new RangeError('cell must be a quadtree path: r, then digits 0..3');
  return `group:${zone}:${cell}`;
}

/** The zone and cell a group key names. */
export function parseGroupRecordKey(key: string): { zone: string; cell: string } | undefined {
  const m = GROUP_KEY.exec(key);
  return m === null ? undefined : { zone: m[1]!, cell: m[2]! };
}

/** A group id: the founder's id and its founding T0. */
export function groupIdOf(founder: PeerId, t0: number): string {
  return `${founder}.${Math.floor(t0)}`;
}

/** The rank deciding a group's leader in an epoch: hash32 of (id, zone, cell, epoch); lowest leads. */
export function leaderRank(id: PeerId, zone: string, cell: string, epoch: number): Uint8Array {
  return hash32(encodeCanonical(['zone-leader', id, zone, cell, epoch]));
}

function lessBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

/** The leader of `members` in `epoch`: computed, never negotiated (every member finds the same). */
export function groupLeader(members: readonly PeerId[], zone: string, cell: string, epoch: number): PeerId | undefined {
  let best: PeerId | undefined;
  let bestRank: Uint8Array | undefined;
  for (const m of members) {
    const r = leaderRank(m, zone, cell, epoch);
    if (bestRank === undefined || lessBytes(r, bestRank)) {
      best = m;
      bestRank = r;
    }
  }
  return best;
}

/**
 * The digest the members sign: `hash32(canonical(["dht-group", key, seq, exp, groupId, epoch,
 * firstRound, t0, roundMs, k, members, leader]))`, with `children` appended for an inner record
 * (a leaf record's digest is the zone layer's, unchanged). It binds every field of the record,
 * `seq` and `exp` included, so no replica can extend or reorder a group's versions.
 */
export function groupRecordDigest(b: GroupRecordBody): Uint8Array {
  const signed = [
    GROUP_PURPOSE,
    groupRecordKey(b.zone, b.cell),
    b.seq,
    b.exp,
    b.groupId,
    b.epoch,
    b.firstRound,
    b.t0,
    b.roundMs,
    b.k,
    [...b.members],
    b.leader,
  ];
  if (isInner(b)) signed.push([...b.children!]);
  return hash32(encodeCanonical(signed));
}

/** Whether a record body is an inner (split) cell's. */
export function isInner(b: Pick<GroupRecordBody, 'children'>): boolean {
  return b.children !== undefined && b.children.length > 0;
}

/** The four children of a cell path, in order (the only list an inner record may name). */
export function cellChildren(cell: string): string[] {
  return [0, 1, 2, 3].map((i) => `${cell}${i}`);
}

/** The record of a signed group version. */
export function buildGroupRecord(b: GroupRecordBody, qc: QuorumCertificate): DhtRecord {
  const leaf: GroupValueWire = [
    b.groupId,
    b.epoch,
    b.firstRound,
    b.t0,
    b.roundMs,
    b.k,
    [...b.members],
    b.leader,
    quorumToWire(qc),
  ];
  const value = isInner(b) ? [...leaf, [...b.children!]] : leaf;
  return {
    type: GROUP_RECORD_TYPE,
    key: groupRecordKey(b.zone, b.cell),
    seq: b.seq,
    exp: b.exp,
    permanent: false,
    value: encodeRecordValue(value as never),
  };
}

/** Parses a record's value without verifying signatures (the DHT verified it already on read). */
export function parseGroupRecord(record: DhtRecord): Result<VerifiedGroup, RecordRejection> {
  const where = parseGroupRecordKey(record.key);
  if (where === undefined || record.type !== GROUP_RECORD_TYPE) return err(RecordRejection.WrongKey);
  const asLeaf = decodeRecordValue(valueSchema, record.value);
  const asInner = asLeaf.ok ? undefined : decodeRecordValue(innerValueSchema, record.value);
  if (asInner !== undefined && !asInner.ok) return asInner;
  const v = asInner?.ok ? asInner.value : asLeaf.ok ? asLeaf.value : undefined;
  if (v === undefined) return err(RecordRejection.Malformed);
  const [groupId, epoch, firstRound, t0, roundMs, k, members, leader, qcWire] = v;
  const children = v.length === 10 ? [...v[9]] : undefined;
  return ok({
    zone: where.zone,
    cell: where.cell,
    groupId,
    seq: record.seq,
    exp: record.exp,
    epoch,
    firstRound,
    t0,
    roundMs,
    k,
    members,
    leader,
    ...(children === undefined ? {} : { children }),
    qc: quorumFromWire(qcWire),
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `group` records: a zone cell's group, signed by a strict majority of its members (purpose
 * `dht-group`). Refused: a key that is not `group:<zone>:<cell path>`, members unsorted or
 * repeated, a certificate over another member list, a leader other than the computed one, too
 * few votes, votes whose identity certificate or signature does not verify. The higher `seq`
 * wins; dead once `exp` passes.
 */
export const groupValidator: RecordValidator<VerifiedGroup> = {
  type: GROUP_RECORD_TYPE,
  maxValueBytes: 24 * 1024,
  permanence: 'forbidden',
  async verify(record, ctx) {
    const parsed = parseGroupRecord(record);
    if (!parsed.ok) return parsed;
    const g = parsed.value;
    if (record.exp <= 0) return err(RecordRejection.Inconsistent);
    const m = g.members;
    for (let i = 1; i < m.length; i++) if (!(m[i - 1]! < m[i]!)) return err(RecordRejection.Malformed);
    if (!sameList(g.qc.members, m)) return err(RecordRejection.Inconsistent);
    if (g.leader !== groupLeader(m, g.zone, g.cell, g.epoch)) return err(RecordRejection.Inconsistent);
    if (g.children !== undefined && !sameList(g.children, cellChildren(g.cell)))
      return err(RecordRejection.Inconsistent);
    const shape = checkQuorumShape(g.qc);
    if (!shape.ok) return err(shape.error === 'no-majority' ? RecordRejection.NoQuorum : RecordRejection.Malformed);
    const qc = await verifyQuorumCertificate(ctx.ed, ctx.authorityKey, g.qc, GROUP_PURPOSE, groupRecordDigest(g));
    if (!qc.ok) {
      return err(
        qc.error === 'bad-signature' || qc.error === 'bad-cert'
          ? RecordRejection.BadSignature
          : RecordRejection.NoQuorum,
      );
    }
    return ok(g);
  },
  isLive: (record, _parsed, now) => record.exp > now && record.exp <= now + GROUP_RECORD_MAX_TTL_MS,
  merge: (held, incoming, now) =>
    held.record.exp <= now && incoming.record.exp <= now ? undefined : preferredGroupRecord(held, incoming, now).record,
};

/** Whether a group record was signed less than {@link GROUP_FRESH_MS} ago. */
export function isFreshGroupRecord(record: Pick<DhtRecord, 'exp'>, now: number): boolean {
  return record.exp - GROUP_RECORD_TTL_MS > now - GROUP_FRESH_MS;
}

/**
 * Which of two valid versions of a group key wins (the same answer whichever is held, so every
 * replica and every reader converges): a dead one loses; else a version that may replace the
 * other while the other may not (see {@link GROUP_FRESH_MS}); else the higher `seq` (a tie: the
 * larger digest).
 */
export function preferredGroupRecord(
  a: ValidRecord<VerifiedGroup>,
  b: ValidRecord<VerifiedGroup>,
  now: number,
): ValidRecord<VerifiedGroup> {
  const aLive = a.record.exp > now;
  const bLive = b.record.exp > now;
  if (aLive !== bLive) return aLive ? a : b;
  const aWins = mayReplace(a, b, now);
  const bWins = mayReplace(b, a, now);
  if (aWins !== bWins) return aWins ? a : b;
  return newer(a, b);
}

/** Whether `x` may replace `y`: `y` is not fresh, or a majority of `y`'s members signed `x`, or `x` names more members. */
function mayReplace(x: ValidRecord<VerifiedGroup>, y: ValidRecord<VerifiedGroup>, now: number): boolean {
  if (!isFreshGroupRecord(y.record, now)) return x.record.seq > y.record.seq;
  const signers = new Set(x.parsed.qc.votes.map((v) => x.parsed.qc.members[v.index]));
  const kept = y.parsed.members.filter((m) => signers.has(m)).length;
  if (kept >= quorumThreshold(y.parsed.members.length) && x.record.seq > y.record.seq) return true;
  return x.parsed.members.length > y.parsed.members.length;
}
