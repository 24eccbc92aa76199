import type { NeoGroup } from '../neo/group';

/**
 * The asynchronous work of one player's zone layer that takes real time but no virtual time:
 * signatures (its NEO groups' and its own quorum votes). Simulations wait for it before they
 * move the virtual clock, so a run does not depend on how fast the machine signs.
 */
export class ZoneWork {
  readonly #pending = new Set<Promise<unknown>>();
  readonly #groups = new Set<NeoGroup>();

  /** Registers a promise until it settles; returns it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    const done = (): void => {
      this.#pending.delete(p);
    };
    p.then(done, done);
    return p;
  }

  /** Registers a NEO group (its signing is waited for while it runs). */
  addGroup(g: NeoGroup): void {
    this.#groups.add(g);
  }

  removeGroup(g: NeoGroup): void {
    this.#groups.delete(g);
  }

  /** Whether any tracked work is pending. */
  get busy(): boolean {
    if (this.#pending.size > 0) return true;
    for (const g of this.#groups) if (g.busy) return true;
    return false;
  }

  /** Resolves once nothing tracked is pending. */
  async idle(): Promise<void> {
    while (this.busy) {
      await Promise.allSettled([...this.#pending, ...[...this.#groups].map((g) => g.idle())]);
    }
  }
}

const registry = new WeakMap<object, ZoneWork>();

/** The work tracker of one player (keyed by its {@link ZonePeerContext}). */
export function zoneWork(ctx: object): ZoneWork {
  let w = registry.get(ctx);
  if (w === undefined) {
    w = new ZoneWork();
    registry.set(ctx, w);
  }
  return w;
}
