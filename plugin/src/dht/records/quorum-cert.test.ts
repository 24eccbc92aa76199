import { beforeAll, describe, expect, it } from 'vitest';
import { issueCert } from '../../auth';
import { signKeyPairFromSeed } from '../../crypto';
import { DhtHarness, type HarnessPlayer, randomSeed } from '../testing/harness';
import { sortedGroup } from '../testing/records';
import {
  assembleQuorumCertificate,
  type QuorumCertificate,
  QuorumErrorCode,
  quorumThreshold,
  signQuorumVote,
  verifyQuorumCertificate,
} from './quorum-cert';

let h: DhtHarness;
let group: HarnessPlayer[];
let members: string[];
const digest = new Uint8Array(32).fill(9);

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 3 });
  group = sortedGroup(await Promise.all(['Ada', 'Bea', 'Cal', 'Dan', 'Eve'].map((n) => h.player(n))));
  members = group.map((m) => m.id);
});

const vote = (i: number, purpose = 'test', d = digest) =>
  signQuorumVote(group[i]!.signer, group[i]!.credentials.identity, members, i, purpose, d);
const verify = (qc: QuorumCertificate, purpose = 'test') =>
  verifyQuorumCertificate(h.ed, h.authority.publicKey, qc, purpose, digest);

describe('quorum certificates', () => {
  it('needs a strict majority', () => {
    expect([1, 2, 3, 4, 5, 16].map(quorumThreshold)).toEqual([1, 2, 2, 3, 3, 9]);
  });

  it('verify with a strict majority of valid member signatures', async () => {
    const qc = assembleQuorumCertificate(members, [await vote(2), await vote(0), await vote(4), await vote(0)]);
    expect(qc.votes.map((v) => v.index)).toEqual([0, 2, 4]);
    expect(await verify(qc)).toEqual({ ok: true, value: undefined });
  });

  it('refuse a minority, a replay for another purpose or digest, and a vote by a non-member', async () => {
    expect(await verify(assembleQuorumCertificate(members, [await vote(0), await vote(1)]))).toEqual({
      ok: false,
      error: QuorumErrorCode.NoMajority,
    });
    const elsewhere = assembleQuorumCertificate(members, [
      await vote(0, 'other'),
      await vote(1, 'other'),
      await vote(2, 'other'),
    ]);
    expect(await verify(elsewhere)).toMatchObject({ ok: false, error: QuorumErrorCode.BadSignature });
    const outsider = await h.player('Zed');
    const intruder = await signQuorumVote(outsider.signer, outsider.credentials.identity, members, 3, 'test', digest);
    const qc = assembleQuorumCertificate(members, [await vote(0), await vote(1), intruder]);
    expect(await verify(qc)).toMatchObject({ ok: false, error: QuorumErrorCode.BadCert });
  });

  it('refuse identity certificates from another authority and malformed shapes', async () => {
    const other = signKeyPairFromSeed(randomSeed(h.rng));
    const m = group[0]!;
    const fake = await issueCert(h.ed, other.secretKey, {
      t: 'pk',
      id: m.id,
      name: 'Ada',
      sign: m.keys.publicKey,
      box: m.keys.publicKey,
    });
    const forged = { ...(await vote(0)), identity: fake };
    expect(await verify(assembleQuorumCertificate(members, [forged, await vote(1), await vote(2)]))).toMatchObject({
      ok: false,
      error: QuorumErrorCode.BadCert,
    });
    const unsorted = { members: [...members].reverse(), votes: [await vote(0), await vote(1), await vote(2)] };
    expect(await verify(unsorted)).toMatchObject({ ok: false, error: QuorumErrorCode.Malformed });
    const repeated = { members, votes: [await vote(1), await vote(1), await vote(2)] };
    expect(await verify(repeated)).toMatchObject({ ok: false, error: QuorumErrorCode.Malformed });
  });
});
