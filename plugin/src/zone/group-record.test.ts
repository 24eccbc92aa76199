import { describe, expect, it } from 'vitest';
import { assembleQuorumCertificate, signQuorumVote } from '../dht/records/quorum-cert';
import type { DhtRecord } from '../dht/records/record';
import { defaultValidators } from '../dht/records/registry';
import { RecordValidation } from '../dht/records/validation';
import { ValidationCache } from '../dht/records/validation-cache';
import {
  buildGroupRecord,
  GROUP_PURPOSE,
  type GroupRecordBody,
  groupLeader,
  groupRecordDigest,
  groupRecordKey,
  parseGroupRecord,
} from '../dht/records/validators/group';
import { DHT_T0, DhtHarness, type HarnessPlayer } from '../dht/testing/harness';

async function fixture() {
  const h = await DhtHarness.create({ seed: 31 });
  const players: HarnessPlayer[] = [];
  for (let i = 0; i < 4; i++) players.push(await h.player(`player${i}`));
  players.sort((a, b) => (a.id < b.id ? -1 : 1));
  const validation = new RecordValidation(defaultValidators, {
    ed: h.ed,
    authorityKey: h.authority.publicKey,
    cache: new ValidationCache(),
  });
  const body = (members: readonly HarnessPlayer[], over: Partial<GroupRecordBody> = {}): GroupRecordBody => {
    const ids = members.map((p) => p.id);
    return {
      zone: 'meadow',
      cell: 'r',
      groupId: `${ids[0]}.${DHT_T0}`,
      seq: 3,
      exp: DHT_T0 + 60_000,
      epoch: 2,
      firstRound: 32,
      t0: DHT_T0 + 1600,
      roundMs: 50,
      k: 2,
      members: ids,
      leader: groupLeader(ids, 'meadow', 'r', 2)!,
      ...over,
    };
  };
  /** A record of `b` signed by `signers` (members of `b`). */
  const sign = async (b: GroupRecordBody, signers: readonly HarnessPlayer[], digestOf = b): Promise<DhtRecord> => {
    const digest = groupRecordDigest(digestOf);
    const votes = await Promise.all(
      signers.map((p) =>
        signQuorumVote(p.signer, p.credentials.identity, b.members, b.members.indexOf(p.id), GROUP_PURPOSE, digest),
      ),
    );
    return buildGroupRecord(b, assembleQuorumCertificate(b.members, votes));
  };
  const check = async (r: DhtRecord) => {
    const v = await validation.validate(r, DHT_T0);
    return v.ok ? 'ok' : v.error;
  };
  return { h, players, body, sign, check };
}

describe('group records (DHT validator)', () => {
  it('accepts a record signed by a strict majority of its members, and parses back', async () => {
    const { players, body, sign, check } = await fixture();
    const b = body(players.slice(0, 3));
    const r = await sign(b, players.slice(0, 2));
    expect(r.key).toBe('group:meadow:r');
    expect(await check(r)).toBe('ok');
    const parsed = parseGroupRecord(r);
    expect(parsed.ok && { ...parsed.value, qc: undefined }).toEqual({ ...b, qc: undefined });
    // A founder alone is a majority of one.
    expect(await check(await sign(body(players.slice(3)), players.slice(3)))).toBe('ok');
  });

  it('refuses a record forged by one peer for a group it is not a majority of', async () => {
    const { players, body, sign, check } = await fixture();
    const b = body(players.slice(0, 3));
    expect(await check(await sign(b, players.slice(0, 1)))).toBe('no-quorum');
  });

  it('refuses hijacked records: changed fields, another member list, a foreign signer, a wrong leader', async () => {
    const { h, players, body, sign, check } = await fixture();
    const b = body(players.slice(0, 3));
    // Signed as one version, presented as another (a later exp, a higher seq, other timing).
    expect(await check(await sign({ ...b, exp: b.exp + 600_000 }, players.slice(0, 2), b))).toBe('bad-signature');
    expect(await check(await sign({ ...b, seq: 99 }, players.slice(0, 2), b))).toBe('bad-signature');
    // The certificate names other members than the record.
    const honest = await sign(b, players.slice(0, 2));
    const parsed = parseGroupRecord(honest);
    if (!parsed.ok) throw new Error('parse');
    const other = buildGroupRecord(
      { ...b, members: [...b.members, players[3]!.id].sort(), leader: b.leader },
      parsed.value.qc,
    );
    expect(['inconsistent', 'bad-signature']).toContain(await check(other));
    // A vote whose identity certificate the authority never issued (an uncertified member).
    const outsider = await (await DhtHarness.create({ seed: 99 })).player('mallory');
    const forged = {
      ...players[1]!,
      id: players[1]!.id,
      credentials: { ...players[1]!.credentials, identity: outsider.credentials.identity },
    };
    expect(await check(await sign(b, [players[0]!, forged]))).toBe('bad-signature');
    // A leader other than the computed one.
    const wrongLeader = { ...b, leader: b.members.find((m) => m !== b.leader)! };
    expect(await check(await sign(wrongLeader, players.slice(0, 2)))).toBe('inconsistent');
    // Unsorted members.
    const unsorted = { ...b, members: [...b.members].reverse() };
    expect(await check(await sign(unsorted, players.slice(0, 2)))).toBe('malformed');
    expect(h.authority.publicKey.length).toBe(32);
  });

  it('refuses wrong key shapes and records that claim to live too long', async () => {
    const { players, body, sign, check } = await fixture();
    const r = await sign(body(players.slice(0, 1)), players.slice(0, 1));
    expect(await check({ ...r, key: 'group:meadow:q0' })).toBe('wrong-key');
    expect(await check({ ...r, key: 'group:mea dow:r' })).toBe('wrong-key');
    expect(await check({ ...r, key: 'area:meadow:r' })).toBe('wrong-key');
    expect(() => groupRecordKey('meadow', 'x1')).toThrow(RangeError);
    const long = await sign(body(players.slice(0, 1), { exp: DHT_T0 + 3_600_000 }), players.slice(0, 1));
    expect(await check(long)).toBe('expired');
    const dead = await sign(body(players.slice(0, 1), { exp: DHT_T0 - 1 }), players.slice(0, 1));
    expect(await check(dead)).toBe('expired');
  });
});
