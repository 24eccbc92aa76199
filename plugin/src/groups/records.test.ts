import { describe, expect, it } from 'vitest';
import type { DhtRecord } from '../dht/records/record';
import { defaultValidators } from '../dht/records/registry';
import { RecordValidation } from '../dht/records/validation';
import { ValidationCache } from '../dht/records/validation-cache';
import {
  GROUP_FRESH_MS,
  parseGroupRecord,
  preferredGroupRecord,
  type VerifiedGroup,
} from '../dht/records/validators/group';
import { DHT_T0, DhtHarness, type HarnessPlayer } from '../dht/testing/harness';
import { groupBody, signGroupRecord } from './testing/records';

async function fixture() {
  const h = await DhtHarness.create({ seed: 61 });
  const players: HarnessPlayer[] = [];
  for (let i = 0; i < 5; i++) players.push(await h.player(`player${i}`));
  players.sort((a, b) => (a.id < b.id ? -1 : 1));
  const validation = new RecordValidation(defaultValidators, {
    ed: h.ed,
    authorityKey: h.authority.publicKey,
    cache: new ValidationCache(),
  });
  const check = async (r: DhtRecord, now = DHT_T0) => {
    const v = await validation.validate(r, now);
    return v.ok ? 'ok' : v.error;
  };
  const valid = async (r: DhtRecord, now = DHT_T0) => {
    const v = await validation.validate(r, now);
    if (!v.ok) throw new Error(v.error);
    return v.value as typeof v.value & { parsed: VerifiedGroup };
  };
  return { h, players, check, valid };
}

describe('group records: leaf and inner', () => {
  it('an inner record names the four children of its cell and parses back; a leaf record is the zone form', async () => {
    const { players, check } = await fixture();
    const inner = groupBody('town', 'r2', players.slice(0, 3), DHT_T0, { inner: true });
    const r = await signGroupRecord(inner, players.slice(0, 2));
    expect(await check(r)).toBe('ok');
    const parsed = parseGroupRecord(r);
    expect(parsed.ok && parsed.value.children).toEqual(['r20', 'r21', 'r22', 'r23']);
    const leaf = await signGroupRecord(groupBody('town', 'r2', players.slice(0, 3), DHT_T0), players.slice(0, 2));
    const p2 = parseGroupRecord(leaf);
    expect(p2.ok && p2.value.children).toBeUndefined();
    // The leaf form has nine fields: what the zone layer writes and reads, unchanged.
    expect(leaf.value.length).toBeLessThan(r.value.length);
  });

  it('refuses forged records: a single peer for a larger group, wrong children, a leaf signed as an inner', async () => {
    const { players, check } = await fixture();
    const inner = groupBody('town', 'r2', players.slice(0, 3), DHT_T0, { inner: true });
    expect(await check(await signGroupRecord(inner, players.slice(0, 1)))).toBe('no-quorum');
    const wrongKids = { ...inner, children: ['r20', 'r21', 'r22', 'r30'] };
    expect(await check(await signGroupRecord(wrongKids, players.slice(0, 2)))).toBe('inconsistent');
    const shuffled = { ...inner, children: ['r21', 'r20', 'r22', 'r23'] };
    expect(await check(await signGroupRecord(shuffled, players.slice(0, 2)))).toBe('inconsistent');
    // Signed as a leaf, presented as an inner (or the reverse): the digest binds the kind.
    const leaf = { ...inner, children: undefined };
    expect(await check(await signGroupRecord(inner, players.slice(0, 2), leaf))).toBe('bad-signature');
    expect(await check(await signGroupRecord(leaf, players.slice(0, 2), inner))).toBe('bad-signature');
  });
});

describe('group records: which version wins', () => {
  it('a single peer cannot push a fresh group of two or more out of its key; it can once that record is stale', async () => {
    const { players, valid } = await fixture();
    const group = await valid(
      await signGroupRecord(groupBody('town', 'r', players.slice(0, 3), DHT_T0), players.slice(0, 2)),
    );
    const loner = players[4]!;
    const hijack = await valid(
      await signGroupRecord(groupBody('town', 'r', [loner], DHT_T0 + 1, { seq: 2 ** 40 }), [loner], undefined),
    );
    // Whichever a replica holds and whichever arrives, the group's record wins while fresh.
    expect(preferredGroupRecord(group, hijack, DHT_T0 + 1000)).toBe(group);
    expect(preferredGroupRecord(hijack, group, DHT_T0 + 1000)).toBe(group);
    // An inner record is protected the same way.
    const inner = await valid(
      await signGroupRecord(groupBody('town', 'r', players.slice(0, 3), DHT_T0, { inner: true }), players.slice(0, 2)),
    );
    expect(preferredGroupRecord(inner, hijack, DHT_T0 + 1000)).toBe(inner);
    // Stale (not re-signed for GROUP_FRESH_MS: its group is gone), the higher seq wins.
    const later = DHT_T0 + GROUP_FRESH_MS + 1;
    expect(preferredGroupRecord(group, hijack, later)).toBe(hijack);
    // A newer version signed by a majority of the held record's members replaces it whatever its
    // size (the group went on: an epoch with fewer members, a re-rooted group).
    const shrunk = await valid(
      await signGroupRecord(
        groupBody('town', 'r', players.slice(0, 2), DHT_T0, { groupId: group.parsed.groupId, seq: 2 }),
        players.slice(0, 2),
      ),
    );
    expect(preferredGroupRecord(group, shrunk, DHT_T0 + 1000)).toBe(shrunk);
    // One member alone is no majority of three: the same group id does not help a minority.
    const minority = await valid(
      await signGroupRecord(
        groupBody('town', 'r', players.slice(0, 1), DHT_T0, { groupId: group.parsed.groupId, seq: 3 }),
        players.slice(0, 1),
      ),
    );
    expect(preferredGroupRecord(group, minority, DHT_T0 + 1000)).toBe(group);
    expect(preferredGroupRecord(minority, group, DHT_T0 + 1000)).toBe(group);
  });

  it('a DHT replica holding a fresh group record refuses a single peer overwriting it', async () => {
    const { h, players } = await fixture();
    const nodes = Array.from({ length: 6 }, () => h.addNode());
    for (const n of nodes.slice(1)) await h.join(n, nodes[0]);
    const group = await signGroupRecord(
      groupBody('town', 'r', players.slice(0, 3), h.clock.now()),
      players.slice(0, 2),
    );
    expect((await h.driver.settle(nodes[1]!.node.put(group).result)).ok).toBe(true);
    const loner = players[4]!;
    const hijack = await signGroupRecord(groupBody('town', 'r', [loner], h.clock.now(), { seq: 999 }), [loner]);
    await h.driver.settle(nodes[2]!.node.put(hijack).result);
    const read = await h.driver.settle(nodes[5]!.node.get('group:town:r').result);
    const parsed = read.ok ? parseGroupRecord(read.value.record) : undefined;
    expect(parsed?.ok && parsed.value.members).toEqual(
      players
        .slice(0, 3)
        .map((p) => p.id)
        .sort(),
    );
    h.stop();
  });
});
