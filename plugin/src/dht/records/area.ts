import { hash32 } from '../../crypto';
import type { PeerId } from '../../transport/transport';
import { toHex } from '../../util/bytes';
import { encodeCanonical, type Infer, s } from '../../wire';
import { peerIdSchema } from '../../wire/messages/common';
import { type QuorumCertificate, quorumCertificateSchema, quorumFromWire, quorumToWire } from './quorum-cert';
import type { DhtRecord } from './record';
import { encodeRecordValue } from './value-codec';

/** Record type of a zone cell's ephemeral data (dropped items). */
export const AREA_RECORD_TYPE = 'area';
/** What the members of a group sign for an area write (the quorum certificate's purpose). */
export const AREA_PURPOSE = 'dht-area';
/** Most write batches one area record keeps. */
export const AREA_MAX_BATCHES = 8;
/** Most entries in one batch. */
export const AREA_MAX_ENTRIES = 256;

/**
 * One item lying in an area. `version` orders changes to the same item (the newer wins); a
 * tombstone (`removed`) keeps the item's `decaysAt` so it outlives every stale copy.
 */
export interface AreaEntry {
  /** Item id, unique in the zone. */
  readonly id: string;
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  /** Unix ms it was dropped. */
  readonly droppedAt: number;
  /** Unix ms it decays (it and its tombstone are dropped then). */
  readonly decaysAt: number;
  /** Player who dropped it. */
  readonly by: PeerId;
  readonly version: number;
  readonly removed: boolean;
}

/** One write decided by a group: entries and the quorum certificate over them. */
export interface AreaBatch {
  readonly seq: number;
  readonly entries: readonly AreaEntry[];
  readonly qc: QuorumCertificate;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const AREA_KEY = /^area:([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_.-]{1,64})$/;

export const areaEntrySchema = s.tuple([
  s.str({ min: 1, max: 64 }),
  s.str({ min: 1, max: 32 }),
  s.float(),
  s.float(),
  s.uint(),
  s.uint(),
  peerIdSchema,
  s.uint(),
  s.bool(),
]);
export const areaBatchSchema = s.tuple([
  s.uint(),
  s.array(areaEntrySchema, { max: AREA_MAX_ENTRIES }),
  quorumCertificateSchema,
]);
/** The value of an area record: its batches in canonical order (seq, then digest). */
export const areaValueSchema = s.array(areaBatchSchema, { min: 1, max: AREA_MAX_BATCHES });
type AreaEntryWire = Infer<typeof areaEntrySchema>;
type AreaBatchWire = Infer<typeof areaBatchSchema>;

/** The typed key of one zone cell's area record. Throws `RangeError` on names outside `[A-Za-z0-9_.-]{1,64}`. */
export function areaKey(zone: string, cell: string): string {
  if (!NAME.test(zone) || !NAME.test(cell)) throw new RangeError('zone and cell must match [A-Za-z0-9_.-]{1,64}');
  return `area:${zone}:${cell}`;
}

/** The zone and cell an area key names. */
export function parseAreaKey(key: string): { zone: string; cell: string } | undefined {
  const m = AREA_KEY.exec(key);
  return m === null ? undefined : { zone: m[1]!, cell: m[2]! };
}

function entryToWire(e: AreaEntry): AreaEntryWire {
  return [e.id, e.kind, e.x, e.y, e.droppedAt, e.decaysAt, e.by, e.version, e.removed];
}

function entryFromWire(w: AreaEntryWire): AreaEntry {
  const [id, kind, x, y, droppedAt, decaysAt, by, version, removed] = w;
  return { id, kind, x, y, droppedAt, decaysAt, by, version, removed };
}

export function batchToWire(b: AreaBatch): AreaBatchWire {
  return [b.seq, b.entries.map(entryToWire), quorumToWire(b.qc)];
}

export function batchFromWire(w: AreaBatchWire): AreaBatch {
  return { seq: w[0], entries: w[1].map(entryFromWire), qc: quorumFromWire(w[2]) };
}

/** The digest a group's members sign (through the quorum certificate) for one write. */
export function areaWriteDigest(key: string, seq: number, entries: readonly AreaEntry[]): Uint8Array {
  return hash32(encodeCanonical([AREA_PURPOSE, key, seq, entries.map(entryToWire)]));
}

/** Identifies a whole batch, certificate included (dedupe, caching, canonical order). */
export function batchDigestHex(b: AreaBatch): string {
  return toHex(hash32(encodeCanonical(batchToWire(b))));
}

interface Keyed {
  readonly batch: AreaBatch;
  readonly digestHex: string;
}

function canonicalOrder(a: Keyed, b: Keyed): number {
  if (a.batch.seq !== b.batch.seq) return a.batch.seq - b.batch.seq;
  return a.digestHex < b.digestHex ? -1 : a.digestHex > b.digestHex ? 1 : 0;
}

/** `seq` and `exp` an area record must carry: the highest batch seq, the latest decay. */
export function areaDerived(batches: readonly AreaBatch[]): { seq: number; exp: number } {
  let seq = 0;
  let exp = 0;
  for (const b of batches) {
    seq = Math.max(seq, b.seq);
    for (const e of b.entries) exp = Math.max(exp, e.decaysAt);
  }
  return { seq, exp };
}

/** Builds the record holding `batches` (deduplicated, in canonical order); `undefined` when empty. */
export function buildAreaRecord(key: string, batches: readonly AreaBatch[]): DhtRecord | undefined {
  const unique = new Map<string, Keyed>();
  for (const batch of batches) {
    const digestHex = batchDigestHex(batch);
    if (!unique.has(digestHex)) unique.set(digestHex, { batch, digestHex });
  }
  if (unique.size === 0) return undefined;
  const sorted = [...unique.values()].sort(canonicalOrder).map((k) => k.batch);
  const { seq, exp } = areaDerived(sorted);
  return { type: AREA_RECORD_TYPE, key, seq, exp, permanent: false, value: encodeRecordValue(sorted.map(batchToWire)) };
}

/** Whether entry `a` supersedes `b` (same item): higher version, then tombstone, then later batch. */
function wins(a: AreaEntry, aSeq: number, b: AreaEntry, bSeq: number): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.removed !== b.removed) return a.removed;
  return aSeq > bSeq;
}

/** The winning version of every item across `batches` (tombstones included, decay ignored). */
export function areaWinners(batches: readonly AreaBatch[]): Map<string, { entry: AreaEntry; batch: AreaBatch }> {
  const out = new Map<string, { entry: AreaEntry; batch: AreaBatch }>();
  for (const batch of batches) {
    for (const entry of batch.entries) {
      const held = out.get(entry.id);
      if (held === undefined || wins(entry, batch.seq, held.entry, held.batch.seq)) out.set(entry.id, { entry, batch });
    }
  }
  return out;
}

/** The items lying in the area at `now`: winners that are not tombstones and have not decayed. */
export function areaItems(batches: readonly AreaBatch[], now: number): AreaEntry[] {
  const out: AreaEntry[] = [];
  for (const { entry } of areaWinners(batches).values()) if (!entry.removed && entry.decaysAt > now) out.push(entry);
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Merges two sets of batches (union, per item the newer version wins): a batch is kept while
 * it holds a winning entry that has not decayed; beyond {@link AREA_MAX_BATCHES} the oldest
 * batches go (ephemeral data may be lost; the paper's zone reset replenishes it).
 */
export function mergeAreaBatches(a: readonly AreaBatch[], b: readonly AreaBatch[], now: number): AreaBatch[] {
  const all = new Map<string, AreaBatch>();
  for (const batch of [...a, ...b]) {
    const d = batchDigestHex(batch);
    if (!all.has(d)) all.set(d, batch);
  }
  const batches = [...all.values()];
  const useful = new Set<AreaBatch>();
  for (const { entry, batch } of areaWinners(batches).values()) if (entry.decaysAt > now) useful.add(batch);
  const kept = batches.filter((x) => useful.has(x)).sort((x, y) => y.seq - x.seq);
  return kept.slice(0, AREA_MAX_BATCHES);
}
