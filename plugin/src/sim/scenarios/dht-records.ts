/**
 * The records of the `dht` scenario: players' certificate records and authority bans (both
 * marked permanent) and area records of dropped items written by 3-member groups (ephemeral),
 * all with real Ed25519 signatures from the harness authority and players.
 */

import {
  AREA_PURPOSE,
  type AreaEntry,
  areaKey,
  areaWriteDigest,
  assembleQuorumCertificate,
  banRecord,
  buildAreaRecord,
  certRecord,
  type DhtRecord,
  signQuorumVote,
} from '../../dht';
import type { DhtHarness, HarnessPlayer } from '../../dht/testing';
import type { Rng } from '../../rng';

/** One stored record and what kind it is. */
export interface SimRecord {
  readonly record: DhtRecord;
  readonly kind: 'cert' | 'ban' | 'area';
}

const HOUR = 3600 * 1000;

function hexId(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += rng.int(16).toString(16);
  return s;
}

/**
 * `count` records: 40% certificates, 10% bans, 50% areas. Certificate records need one key
 * pair per player; area writes reuse a pool of 24 certified group members.
 */
export async function makeSimRecords(h: DhtHarness, count: number, rng: Rng): Promise<SimRecord[]> {
  const certs = Math.round(count * 0.4);
  const bans = Math.round(count * 0.1);
  const areas = count - certs - bans;
  const out: SimRecord[] = [];
  for (let i = 0; i < certs; i++) {
    const p = await h.player(`player${i}`);
    out.push({ record: certRecord(p.id, p.credentials, p.keyExpiry), kind: 'cert' });
  }
  for (let i = 0; i < bans; i++) {
    const id = hexId(rng);
    const cert = await h.ban(id, 'sim');
    out.push({ record: banRecord(cert, { t: 'ban', id, reason: 'sim', at: Math.floor(h.clock.now()) }), kind: 'ban' });
  }
  const members: HarnessPlayer[] = [];
  for (let i = 0; i < Math.min(24, Math.max(3, areas)); i++) members.push(await h.player(`member${i}`));
  const now = Math.floor(h.clock.now());
  for (let i = 0; i < areas; i++) {
    const group = pickGroup(members, rng);
    const ids = group.map((m) => m.id);
    const key = areaKey('world', `c${i}`);
    const entries: AreaEntry[] = Array.from({ length: 1 + rng.int(3) }, (_, j) => ({
      id: `item-${i}-${j}`,
      kind: 'sword',
      x: rng.int(1000),
      y: rng.int(1000),
      droppedAt: now,
      decaysAt: now + 24 * HOUR,
      by: ids[0]!,
      version: 1,
      removed: false,
    }));
    const digest = areaWriteDigest(key, 1, entries);
    const votes = await Promise.all(
      group
        .slice(0, 2)
        .map((m, index) => signQuorumVote(m.signer, m.credentials.identity, ids, index, AREA_PURPOSE, digest)),
    );
    const record = buildAreaRecord(key, [{ seq: 1, entries, qc: assembleQuorumCertificate(ids, votes) }]);
    if (record !== undefined) out.push({ record, kind: 'area' });
  }
  return out;
}

/** Three distinct members, sorted by id (a group's member list is sorted). */
function pickGroup(pool: readonly HarnessPlayer[], rng: Rng): HarnessPlayer[] {
  const chosen = new Set<HarnessPlayer>();
  while (chosen.size < 3) chosen.add(pool[rng.int(pool.length)]!);
  return [...chosen].sort((a, b) => (a.id < b.id ? -1 : 1));
}
