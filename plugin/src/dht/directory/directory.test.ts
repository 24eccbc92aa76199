import { beforeAll, describe, expect, it } from 'vitest';
import { DhtErrorCode } from '../errors';
import { DhtHarness, type HarnessNode, type HarnessPlayer } from '../testing/harness';
import { banRecordOf } from '../testing/records';
import { BanChecker } from './ban-checker';
import { CertDirectory } from './cert-directory';

let h: DhtHarness;
let nodes: HarnessNode[];
let alice: HarnessPlayer;

beforeAll(async () => {
  h = await DhtHarness.create({ seed: 8, latency: 25 });
  nodes = Array.from({ length: 30 }, () => h.addNode());
  await h.joinAll(nodes.slice(1), nodes[0]!);
  alice = await h.player('Alice');
});

describe('CertDirectory', () => {
  it('publishes a player certificates and finds them from another peer, then from its cache', async () => {
    const mine = new CertDirectory({ dht: nodes[2]!.node, clock: h.clock });
    const put = await h.driver.settle(mine.publish(alice.id, alice.credentials));
    expect(put.ok).toBe(true);
    const theirs = new CertDirectory({ dht: nodes[20]!.node, clock: h.clock });
    const found = await h.driver.settle(theirs.lookup(alice.id));
    expect(found.ok && found.value).toMatchObject({ id: alice.id, name: 'Alice', expires: alice.keyExpiry });
    expect(theirs.cached(alice.id)?.name).toBe('Alice');
    const again = await theirs.lookup(alice.id); // no network needed
    expect(again.ok).toBe(true);
  });

  it('reports an unknown player as not found, and remembers that for a while', async () => {
    const dir = new CertDirectory({ dht: nodes[5]!.node, clock: h.clock, negativeTtlMs: 1000 });
    const id = 'ffffffffffffffffffffffffffffffff';
    const r = await h.driver.settle(dir.lookup(id));
    expect(!r.ok && r.error.code).toBe(DhtErrorCode.NotFound);
    expect((await dir.lookup(id)).ok).toBe(false);
  });
});

describe('BanChecker', () => {
  it('sees a ban published after a "not banned" answer once its short cache expires', async () => {
    const checker = new BanChecker({ dht: nodes[9]!.node, clock: h.clock, ttlMs: 5000 });
    const first = await h.driver.settle(checker.check(alice.id));
    expect(first.ok && first.value.banned).toBe(false);
    expect(checker.isBanned(alice.id)).toBe(false);
    // The authority publishes the ban (here from another node).
    const ban = await banRecordOf(h, alice.id, 'speed hack');
    const published = await h.driver.settle(nodes[1]!.node.put(ban).result);
    expect(published.ok).toBe(true);
    expect(checker.isBanned(alice.id)).toBe(false); // still the cached answer
    await h.driver.run(5001);
    expect(checker.isBanned(alice.id)).toBeUndefined();
    const t0 = h.clock.now();
    const second = await h.driver.settle(checker.check(alice.id));
    expect(second.ok && second.value.banned).toBe(true);
    expect(second.ok && second.value.ban?.body.reason).toBe('speed hack');
    expect(h.clock.now() - t0).toBeLessThan(3000);
    expect(checker.isBanned(alice.id)).toBe(true);
  });
});
