import type { Draft } from 'immer';
import { AREA_MAX_ENTRIES, areaEntrySchema } from '../dht/records/area';
import { GROUP_RECORD_TTL_MS, groupIdOf } from '../dht/records/validators/group';
import { majority } from '../neo/schedule';
import { defineRoom } from '../room/define';
import type { RoomDefinition, RoundContext } from '../room/types';
import type { PeerId } from '../transport/transport';
import { s } from '../wire/schema';
import type { CellGrid } from './cells';

/** An area entry as the DHT stores it: `[id, kind, x, y, droppedAt, decaysAt, by, version, removed]`. */
export type EntryWire = [string, string, number, number, number, number, string, number, boolean];

/** An item in the system state; picked items stay as tombstones until they decay (so no stale copy revives them). */
export interface ItemRec {
  readonly kind: string;
  readonly x: number;
  readonly y: number;
  readonly by: PeerId;
  readonly droppedAt: number;
  readonly decaysAt: number;
  readonly cell: string;
  readonly version: number;
  readonly removed: boolean;
  /** Who picked it (tombstones of picked items). */
  readonly pickedBy: PeerId | null;
}

/** A pending area write of one cell: deterministic content, then the members' votes on its digest. */
export interface AreaWriteReq {
  readonly seq: number;
  readonly time: number;
  readonly members: readonly PeerId[];
  readonly entries: readonly EntryWire[];
  readonly votes: Readonly<Record<PeerId, Uint8Array>>;
  /** The leader reported the batch stored in the DHT (until then the cell's next write waits). */
  readonly written: boolean;
}

/** A pending signature of the group record (each epoch, each refresh). */
export interface GroupSignReq {
  readonly seq: number;
  readonly exp: number;
  readonly time: number;
  readonly epoch: number;
  readonly members: readonly PeerId[];
  readonly votes: Readonly<Record<PeerId, Uint8Array>>;
}

/** The zone's system state, replicated next to the game's room state. */
export interface SystemState {
  /** Set in the group's first round. */
  readonly started: boolean;
  /** `<founder>.<t0>`, from the first round (its only member and its time). */
  readonly groupId: string;
  /** Short prefix of item ids, unique per group. */
  readonly gid: string;
  readonly items: Readonly<Record<string, ItemRec>>;
  /** Earliest `decaysAt` among items, or null. */
  readonly nextDecayAt: number | null;
  /** Last area write seq per cell. */
  readonly seqs: Readonly<Record<string, number>>;
  /** Cells changed since their last write. */
  readonly dirty: Readonly<Record<string, boolean>>;
  readonly writes: Readonly<Record<string, AreaWriteReq>>;
  readonly group: GroupSignReq | null;
  /** The next group record seq must exceed this (a founder or leader saw another version). */
  readonly minSeq: number;
  /** A decided "dissolve into group X" (each member checks the DHT itself before it moves). */
  readonly dissolve: { readonly into: string; readonly round: number } | null;
  /** Drops per member in the current round (item ids). */
  readonly drops: { readonly round: number; readonly counts: Readonly<Record<PeerId, number>> };
}

/** A group record is re-signed this often (with a fresh `exp`). */
export const GROUP_REFRESH_MS = 20_000;
/** A write not reported stored after this long is written again (fresh content, fresh votes). */
export const WRITE_TIMEOUT_MS = 10_000;
/** Stored writes stay in the state this long (their votes are no use after). */
export const WRITE_KEEP_MS = 10_000;
/** Entries per `load` message (inputs are small). */
export const LOAD_CHUNK = 8;
/** Largest system input per round, bytes (the game's input shares NEO's 4 KiB with it). */
export const SYSTEM_MAX_INPUT_BYTES = 1024;

const GROUP_ID = /^[A-Za-z0-9_-]{1,64}\.[0-9]{1,16}$/;
const MAX_SEQ = 2 ** 52;

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);

/** Whether a request has votes from a strict majority of its members. */
export function complete(req: { readonly members: readonly PeerId[]; readonly votes: object }): boolean {
  return Object.keys(req.votes).length >= majority(req.members.length);
}

/** Whether a write still waits: not reported stored, and not yet given up on. */
function pending(w: AreaWriteReq, time: number): boolean {
  return !w.written && time - w.time <= WRITE_TIMEOUT_MS;
}

function entryOf(id: string, it: ItemRec): EntryWire {
  return [id, it.kind, it.x, it.y, it.droppedAt, it.decaysAt, it.by, it.version, it.removed];
}

function noteDecay(d: Draft<SystemState>, at: number): void {
  if (d.nextDecayAt === null || at < d.nextDecayAt) d.nextDecayAt = at;
}

function cellCount(d: Draft<SystemState>, cell: string): number {
  let n = 0;
  for (const id of Object.keys(d.items)) if (d.items[id]!.cell === cell) n++;
  return n;
}

function decay(d: Draft<SystemState>, time: number): void {
  if (d.nextDecayAt === null || time < d.nextDecayAt) return;
  let next: number | null = null;
  for (const id of Object.keys(d.items)) {
    const at = d.items[id]!.decaysAt;
    if (at <= time) delete d.items[id];
    else if (next === null || at < next) next = at;
  }
  d.nextDecayAt = next;
}

function scheduleWrites(d: Draft<SystemState>, ctx: RoundContext): void {
  const time = Math.floor(ctx.time);
  for (const cell of Object.keys(d.writes).sort()) {
    const w = d.writes[cell]!;
    // Not stored in time (too few votes, or the leader went away): write the cell again.
    if (!pending(w, time) && !w.written) d.dirty[cell] = true;
    else if (w.written && time - w.time > WRITE_KEEP_MS) delete d.writes[cell];
  }
  for (const cell of Object.keys(d.dirty).sort()) {
    const w = has(d.writes, cell) ? d.writes[cell]! : undefined;
    if (w !== undefined && pending(w, time)) continue;
    delete d.dirty[cell];
    const entries: EntryWire[] = [];
    for (const id of Object.keys(d.items).sort()) {
      const it = d.items[id]!;
      if (it.cell === cell && entries.length < AREA_MAX_ENTRIES) entries.push(entryOf(id, it));
    }
    if (entries.length === 0) continue;
    const seq = (has(d.seqs, cell) ? d.seqs[cell]! : 0) + 1;
    d.seqs[cell] = seq;
    d.writes[cell] = { seq, time, members: [...ctx.members], entries, votes: {}, written: false };
  }
}

function scheduleGroup(d: Draft<SystemState>, ctx: RoundContext): void {
  const g = d.group;
  const time = Math.floor(ctx.time);
  if (g !== null && g.epoch === ctx.epoch && time < g.time + GROUP_REFRESH_MS && d.minSeq < g.seq) return;
  d.group = {
    seq: Math.max(g?.seq ?? 0, d.minSeq) + 1,
    exp: time + GROUP_RECORD_TTL_MS,
    time,
    epoch: ctx.epoch,
    members: [...ctx.members],
    votes: {},
  };
}

const initial = (): SystemState => ({
  started: false,
  groupId: '',
  gid: '',
  items: {},
  nextDecayAt: null,
  seqs: {},
  dirty: {},
  writes: {},
  group: null,
  minSeq: 0,
  dissolve: null,
  drops: { round: -1, counts: {} },
});

/**
 * The system room of a zone (one definition per zone: the grid and the decay time are part of
 * its rules, the same at every member). Messages: `drop`, `pickUp`, `load` (items read from DHT
 * area records by a founder, or carried over from a dissolved group), `vote` (a member's quorum
 * signature on a pending group record or area write), `written` (the leader stored a write),
 * `bump` (the next group record must outrank a seen one), `dissolve`.
 */
export function systemRoom(grid: CellGrid, decayMs: number) {
  return defineRoom({
    name: 'zone-system',
    initialState: initial,
    maxInputBytes: SYSTEM_MAX_INPUT_BYTES,
    maxMessagesPerRound: 64,
    messages: {
      // A player's drops and pick-ups are events: sent again when their round does not take the
      // player's input (a busy page, a lossy link), instead of vanishing.
      drop: {
        schema: s.object({ kind: s.str({ min: 1, max: 32 }), x: s.float(), y: s.float() }),
        resend: true,
        handler: (d, player, p, ctx) => {
          if (!grid.contains(p.x, p.y)) return;
          const cell = grid.cellOf(p.x, p.y);
          if (cellCount(d, cell) >= AREA_MAX_ENTRIES) return;
          if (d.drops.round !== ctx.round) d.drops = { round: ctx.round, counts: {} };
          const n = has(d.drops.counts, player) ? d.drops.counts[player]! : 0;
          d.drops.counts[player] = n + 1;
          const id = `${d.gid}.${ctx.round}.${ctx.members.indexOf(player)}.${n}`;
          const at = Math.floor(ctx.time);
          d.items[id] = {
            kind: p.kind,
            x: p.x,
            y: p.y,
            by: player,
            droppedAt: at,
            decaysAt: at + decayMs,
            cell,
            version: 0,
            removed: false,
            pickedBy: null,
          };
          noteDecay(d, at + decayMs);
          d.dirty[cell] = true;
        },
      },
      pickUp: {
        schema: s.object({ id: s.str({ min: 1, max: 64 }) }),
        resend: true,
        handler: (d, player, p) => {
          if (!has(d.items, p.id)) return;
          const it = d.items[p.id]!;
          if (it.removed) return;
          d.items[p.id] = { ...it, removed: true, version: it.version + 1, pickedBy: player };
          d.dirty[it.cell] = true;
        },
      },
      load: {
        schema: s.object({
          cell: s.str({ min: 1, max: 64 }),
          seq: s.uint(),
          entries: s.array(areaEntrySchema, { max: LOAD_CHUNK }),
        }),
        handler: (d, _player, p, ctx) => {
          if (!grid.has(p.cell)) return;
          const time = Math.floor(ctx.time);
          d.seqs[p.cell] = Math.min(MAX_SEQ, Math.max(has(d.seqs, p.cell) ? d.seqs[p.cell]! : 0, p.seq));
          for (const [id, kind, x, y, droppedAt, decaysAt, by, version, removed] of p.entries) {
            if (has(d.items, id) || id === '__proto__' || decaysAt <= time) continue;
            if (!grid.contains(x, y) || grid.cellOf(x, y) !== p.cell) continue;
            if (cellCount(d, p.cell) >= AREA_MAX_ENTRIES) break;
            // Never longer than a fresh drop would live: a member cannot make items immortal.
            const until = Math.min(decaysAt, time + decayMs);
            d.items[id] = {
              kind,
              x,
              y,
              by,
              droppedAt: Math.min(droppedAt, time),
              decaysAt: until,
              cell: p.cell,
              version,
              removed,
              pickedBy: null,
            };
            noteDecay(d, until);
          }
        },
      },
      vote: {
        schema: s.object({
          w: s.oneOf(['g', 'a'] as const),
          cell: s.str({ max: 64 }),
          seq: s.uint(),
          sig: s.bytes({ len: 64 }),
        }),
        handler: (d, player, p) => {
          const req = p.w === 'g' ? d.group : has(d.writes, p.cell) ? d.writes[p.cell]! : null;
          if (req === null || req.seq !== p.seq || !req.members.includes(player) || has(req.votes, player)) return;
          req.votes[player] = p.sig;
        },
      },
      written: {
        schema: s.object({ cell: s.str({ min: 1, max: 64 }), seq: s.uint() }),
        handler: (d, player, p) => {
          const w = has(d.writes, p.cell) ? d.writes[p.cell]! : undefined;
          if (w !== undefined && w.seq === p.seq && w.members.includes(player) && complete(w)) w.written = true;
        },
      },
      bump: {
        schema: s.object({ seq: s.uint() }),
        handler: (d, _player, p) => {
          d.minSeq = Math.min(MAX_SEQ, Math.max(d.minSeq, p.seq));
        },
      },
      dissolve: {
        schema: s.object({ into: s.str({ min: 3, max: 96, pattern: GROUP_ID }) }),
        handler: (d, _player, p, ctx) => {
          if (p.into !== d.groupId) d.dissolve = { into: p.into, round: ctx.round };
        },
      },
    },
    onRound: (d, ctx) => {
      if (!d.started) {
        d.started = true;
        d.groupId = groupIdOf(ctx.members[0] ?? 'none', ctx.time);
        d.gid = `${(ctx.members[0] ?? 'none').slice(0, 6)}${Math.floor(ctx.time).toString(36)}`;
      }
      decay(d, Math.floor(ctx.time));
      scheduleWrites(d, ctx);
      scheduleGroup(d, ctx);
    },
  });
}

/** Payloads of the system room's messages. */
export type SystemMessages = ReturnType<typeof systemRoom> extends RoomDefinition<SystemState, infer M> ? M : never;
