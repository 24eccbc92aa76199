/** The world simulation's observation: subscriptions, feed bytes, staleness (`groups/view.ts`, `groups/feed.ts`). */
import { CHECK_EVERY } from '../../groups/feed';
import { type Epoch, majority } from '../../neo/schedule';
import type { PeerId } from '../../transport/transport';
import { feedProofBytes, feedRoundBytes } from './world-cost';
import type { SimGroup } from './world-group';
import type { SimPlayer } from './world-player';
import { K, R, type World } from './world-sim';

function fnv(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Who feeds whom, the bytes of the feeds, and the observers' staleness. */
export class WorldFeeds {
  readonly #feedRounds = new Map<string, number>();

  constructor(readonly w: World) {}

  /** Forgets what was counted (the measurement window starts). */
  reset(): void {
    this.#feedRounds.clear();
  }

  observe(p: SimPlayer, g: SimGroup): void {
    const feeder = this.#feeder(p.id, g);
    if (feeder === undefined) return;
    g.subscribers.set(p.id, { feeder, rounds: 0 });
    p.observing.set(g, feeder);
    if (p.group !== undefined) this.w.bells.bridge(p, p.group, g);
    this.w.up(p.id, 20, 'feed');
    this.w.linked(1);
    this.w.up(feeder, 200 + 120 * Object.keys(g.state.entities).length, 'feed');
  }

  unobserve(p: SimPlayer, g: SimGroup): void {
    const sub = g.subscribers.get(p.id);
    if (sub !== undefined) this.fed(p.id, sub);
    g.subscribers.delete(p.id);
    p.observing.delete(g);
    this.w.up(p.id, 20);
  }

  #feeder(observer: PeerId, g: SimGroup): PeerId | undefined {
    const load = new Map<PeerId, number>();
    for (const { feeder: f } of g.subscribers.values()) load.set(f, (load.get(f) ?? 0) + 1);
    const ranked = [...g.members].sort((a, b) => fnv(`${observer}|${a}`) - fnv(`${observer}|${b}`));
    return ranked.find((m) => (load.get(m) ?? 0) < 16);
  }

  feed(g: SimGroup, round: number, e: Epoch): void {
    if (g.subscribers.size === 0) return;
    const n = e.members.length;
    const bytes = feedRoundBytes(n, 18) + (round % CHECK_EVERY === 0 ? feedProofBytes(n, 18) : 0);
    for (const sub of g.subscribers.values()) {
      this.w.up(sub.feeder, bytes, 'feed');
      sub.rounds++;
    }
    if (round % CHECK_EVERY === 0) this.w.verified(majority(n) * g.subscribers.size);
  }

  /** An epoch of `g` began: observers whose feeder left pick another member. */
  refeed(g: SimGroup, e: Epoch): void {
    for (const [obs, sub] of g.subscribers) {
      if (e.members.includes(sub.feeder)) continue;
      this.fed(obs, sub);
      const f = this.#feeder(obs, g);
      if (f === undefined) g.subscribers.delete(obs);
      else g.subscribers.set(obs, { feeder: f, rounds: 0 });
    }
  }

  /** Keeps the rounds a subscription was fed (staleness is computed from them at the end). */
  fed(obs: PeerId, sub: { feeder: PeerId; rounds: number }): void {
    if (sub.rounds === 0) return;
    const key = `${obs}|${sub.feeder}`;
    this.#feedRounds.set(key, (this.#feedRounds.get(key) ?? 0) + sub.rounds);
    sub.rounds = 0;
  }

  /**
   * Observer staleness, from the rounds each subscription was fed: applied (provisionally) one
   * link delay after the feeder decided a round; checked once the signed reports of the next
   * checked round (a multiple of CHECK_EVERY) reached the feeder and then the observer.
   */
  stalenessFigures(): void {
    for (const g of this.w.groups.values()) for (const [obs, sub] of g.subscribers) this.fed(obs, sub);
    for (const [key, rounds] of this.#feedRounds) {
      const [obs, feeder] = key.split('|') as [PeerId, PeerId];
      const d = this.w.latency(feeder, obs);
      this.w.staleness.addMany(d, rounds);
      for (let j = 0; j < CHECK_EVERY; j++) this.w.checkedStaleness.addMany((j + K + 2) * R + d, rounds);
    }
  }
}
