import type { Clock } from '../clock/clock';
import { AREA_RECORD_TYPE, areaKey, areaWinners } from '../dht/records/area';
import type { VerifiedArea } from '../dht/records/validators/area';
import {
  GROUP_RECORD_TYPE,
  groupRecordKey,
  parseGroupRecord,
  type VerifiedGroup,
} from '../dht/records/validators/group';
import type { PeerId } from '../transport/transport';
import type { CellGrid } from './cells';
import type { ZonePeerContext } from './context';
import type { EntryWire } from './system-room';

/** An AbortSignal that fires after `ms` on `clock`, or with `parent`; `done()` releases the timer. */
export function deadline(clock: Clock, ms: number, parent?: AbortSignal): { signal: AbortSignal; done(): void } {
  const ac = new AbortController();
  const onAbort = (): void => ac.abort(parent?.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  if (parent?.aborted) ac.abort(parent.reason);
  const timer = clock.setTimeout(() => ac.abort(new Error('timeout')), ms);
  return {
    signal: ac.signal,
    done: () => {
      clock.clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/** The zone cell's group record from the DHT (verified by the DHT on read), or undefined. */
export async function readGroupRecord(
  ctx: ZonePeerContext,
  zone: string,
  cell: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<VerifiedGroup | undefined> {
  const d = deadline(ctx.clock, timeoutMs, signal);
  try {
    const r = await ctx.dht.get(groupRecordKey(zone, cell), { signal: d.signal }).result;
    if (!r.ok || r.value.record.type !== GROUP_RECORD_TYPE) return undefined;
    const g = parseGroupRecord(r.value.record);
    return g.ok ? g.value : undefined;
  } finally {
    d.done();
  }
}

/**
 * Opens links to `peers` at once and resolves with those connected as soon as one answers
 * (the others that are already connected then come first), or with none after `timeoutMs`.
 */
export function reach(ctx: ZonePeerContext, peers: readonly PeerId[], timeoutMs: number, signal?: AbortSignal) {
  return new Promise<PeerId[]>((resolve) => {
    const t = ctx.transport;
    let settled = false;
    let pending = peers.length;
    const d = deadline(ctx.clock, timeoutMs, signal);
    const finish = (): void => {
      if (settled) return;
      settled = true;
      d.done();
      resolve(peers.filter((p) => t.isConnected(p)));
    };
    d.signal.addEventListener('abort', finish, { once: true });
    if (pending === 0) finish();
    for (const p of peers) {
      void t.connect(p, { signal: d.signal, timeoutMs }).then((r) => {
        pending--;
        if (r.ok || pending === 0) finish();
      });
    }
  });
}

/** Items of one area cell as read from the DHT: its highest batch seq and the winning entries. */
export interface LoadedCell {
  readonly cell: string;
  readonly seq: number;
  readonly entries: readonly EntryWire[];
}

/**
 * Reads the area records of every cell of the zone (in parallel, each validated by the DHT) and
 * returns the winning version of each item that has not decayed, tombstones included (so a
 * picked item stays picked).
 */
export async function loadAreas(
  ctx: ZonePeerContext,
  zone: string,
  grid: CellGrid,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<LoadedCell[]> {
  const cells = await Promise.all(
    grid.cells.map(async ({ name }): Promise<LoadedCell | undefined> => {
      // One deadline per read: the DHT puts a listener on the signal for each of its requests.
      const d = deadline(ctx.clock, timeoutMs, signal);
      const r = await ctx.dht.get(areaKey(zone, name), { signal: d.signal }).result;
      d.done();
      if (!r.ok || r.value.record.type !== AREA_RECORD_TYPE) return undefined;
      const batches = (r.value.valid.parsed as VerifiedArea).batches;
      const now = ctx.clock.now();
      const entries: EntryWire[] = [];
      let seq = 0;
      for (const b of batches) seq = Math.max(seq, b.seq);
      for (const { entry: e } of areaWinners(batches).values()) {
        if (e.decaysAt > now)
          entries.push([e.id, e.kind, e.x, e.y, e.droppedAt, e.decaysAt, e.by, e.version, e.removed]);
      }
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return { cell: name, seq, entries };
    }),
  );
  return cells.filter((c): c is LoadedCell => c !== undefined);
}
