/**
 * The cell room: what a leaf group replicates about itself next to the game's room. Entities
 * (avatars) and their handoffs, the size watch and the group's transitions (split, re-root,
 * relocate), record signatures and zone events. Every rule is deterministic: all members apply
 * the same decided messages in the same order and reach the same state, so a split happens at
 * the same round everywhere and each entity is divided, handed over or joined exactly once.
 */

import { groupIdOf } from '../dht/records/validators/group';
import { majority } from '../neo/schedule';
import { defineRoom } from '../room/define';
import type { RoomDefinition } from '../room/types';
import { peerIdSchema } from '../wire/messages/common';
import { s } from '../wire/schema';
import {
  type CellParams,
  type CellState,
  canSplit,
  clampInto,
  MAX_ENTITY_DATA,
  SIBLING_REPORT_MS,
  scheduleOwnRecord,
  settleArrivals,
  signRecord,
  splitAssignment,
  stepTowards,
} from './cell-state';
import { eventMessages, playEvents } from './events';
import { cellRect, isCellPath, parentOf } from './geometry';
import { NO_WATCH, watchSize } from './hysteresis';
import { groupLeader } from './leader';

const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const cellSchema = s.str({ min: 1, max: 32, pattern: /^r[0-3]{0,31}$/ });
const coord = s.float({ min: -1e12, max: 1e12 });
const sig = s.bytes({ len: 64 });

/** The initial state of a cell room (a founded group; transitions restore a derived one). */
export function initialCellState(): CellState {
  return {
    started: false,
    clock: 0,
    groupId: '',
    entities: {},
    watch: NO_WATCH,
    siblings: null,
    transition: null,
    relocate: null,
    outgoing: {},
    arrivals: {},
    signs: {},
    minSeq: {},
    events: {},
  };
}

/**
 * The cell room of one group (one definition per group: the cell and its geometry are part of
 * its rules). Messages: `spawn`, `pos`, `data` (the owner's entity), `out`, `hv`, `back` (handing
 * an entity over: start, members' signatures, take back), `in`, `ack` (an arriving entity and
 * the members' verdicts), `sib`, `reloc`, `stay`, `reroot`, `iref`, `bump` (the leader's reports
 * and proposals), `rv` (record signatures), and the zone-event messages of `events.ts`.
 */
export function cellRoom(p: CellParams) {
  const rect = cellRect(p.root, p.cell);
  const isLeader = (player: string, members: readonly string[], epoch: number): boolean =>
    groupLeader(members, p.zone, p.cell, epoch) === player;
  return defineRoom({
    name: 'groups-cell',
    initialState: initialCellState,
    maxInputBytes: 3072,
    maxMessagesPerRound: 32,
    messages: {
      spawn: {
        schema: s.object({ x: coord, y: coord }),
        handler: (d, player, m, ctx) => {
          if (has(d.entities, player) || has(d.arrivals, player) || has(d.outgoing, player)) return;
          const at = clampInto(rect, m);
          d.entities[player] = { x: at.x, y: at.y, data: new Uint8Array(0), hop: 0, t: ctx.time, frozen: false };
        },
      },
      pos: {
        schema: s.object({ x: coord, y: coord }),
        handler: (d, player, m, ctx) => {
          const e = has(d.entities, player) ? d.entities[player]! : undefined;
          if (e === undefined || e.frozen) return;
          const to = stepTowards(e, m, ctx.time, Math.max(d.clock, e.t), p);
          d.entities[player] = { ...e, x: to.x, y: to.y, t: ctx.time };
        },
      },
      data: {
        schema: s.object({ d: s.bytes({ max: MAX_ENTITY_DATA }) }),
        handler: (d, player, m) => {
          const e = has(d.entities, player) ? d.entities[player]! : undefined;
          if (e !== undefined && !e.frozen) d.entities[player] = { ...e, data: m.d };
        },
      },
      out: {
        schema: s.object({ to: cellSchema }),
        handler: (d, player, m, ctx) => {
          const e = has(d.entities, player) ? d.entities[player]! : undefined;
          if (e === undefined || e.frozen || !isCellPath(m.to)) return;
          d.entities[player] = { ...e, frozen: true };
          d.outgoing[player] = {
            to: m.to,
            hop: e.hop,
            x: e.x,
            y: e.y,
            data: e.data,
            time: Math.floor(ctx.time),
            members: [...ctx.members],
            votes: {},
          };
        },
      },
      hv: {
        schema: s.object({ p: peerIdSchema, sig }),
        handler: (d, player, m) => {
          const o = has(d.outgoing, m.p) ? d.outgoing[m.p]! : undefined;
          if (o === undefined || !o.members.includes(player) || has(o.votes, player)) return;
          o.votes[player] = m.sig;
        },
      },
      back: {
        schema: s.object({}),
        handler: (d, player) => {
          if (!has(d.outgoing, player)) return;
          delete d.outgoing[player];
          const e = has(d.entities, player) ? d.entities[player]! : undefined;
          if (e !== undefined) d.entities[player] = { ...e, frozen: false };
        },
      },
      in: {
        schema: s.object({
          from: cellSchema,
          gid: s.str({ min: 3, max: 96 }),
          hop: s.uint(),
          x: coord,
          y: coord,
          data: s.bytes({ max: MAX_ENTITY_DATA }),
          time: s.float({ min: 0 }),
          members: s.array(peerIdSchema, { min: 1, max: 64 }),
          sigs: s.array(s.tuple([s.uint({ max: 63 }), sig]), { max: 64 }),
        }),
        handler: (d, player, m, ctx) => {
          if (has(d.entities, player) || has(d.arrivals, player)) return;
          d.arrivals[player] = {
            ...m,
            members: [...m.members],
            sigs: m.sigs.map(([i, g]) => [i, g] as [number, Uint8Array]),
            at: ctx.time,
            acks: {},
          };
        },
      },
      ack: {
        schema: s.object({ p: peerIdSchema, ok: s.bool() }),
        handler: (d, player, m) => {
          const a = has(d.arrivals, m.p) ? d.arrivals[m.p]! : undefined;
          if (a !== undefined && !has(a.acks, player)) a.acks[player] = m.ok;
        },
      },
      sib: {
        schema: s.object({ total: s.uint({ max: 4096 }), coordinator: cellSchema }),
        handler: (d, player, m, ctx) => {
          if (!isLeader(player, ctx.members, ctx.epoch)) return;
          d.siblings = { ...m, time: ctx.time };
          // A relocation into the parent waits for the coordinator's re-root, which only comes
          // while the four are below minGroup together and the coordinator is alive: a report that
          // they are not any more (a sibling grew, or its record was only stale), or that names
          // us as the coordinator (the one we waited for is gone: its record went stale), calls
          // it off, else it would wait for good. Named, we re-root ourselves (the size watch).
          const off = m.total >= p.rule.minGroup || m.coordinator === p.cell;
          if (d.relocate !== null && d.relocate.to === parentOf(p.cell) && off) d.relocate = null;
        },
      },
      reloc: {
        schema: s.object({ to: cellSchema }),
        handler: (d, player, m, ctx) => {
          if (isLeader(player, ctx.members, ctx.epoch) && d.relocate === null)
            d.relocate = { round: ctx.round, to: m.to };
        },
      },
      stay: {
        schema: s.object({}),
        handler: (d, player, _m, ctx) => {
          // Our cell's record is ours again (the group that held it is gone): a relocation out
          // of our own cell is called off (its members' walks find our group: they would wait).
          if (isLeader(player, ctx.members, ctx.epoch) && d.relocate?.to === p.cell) d.relocate = null;
        },
      },
      reroot: {
        schema: s.object({}),
        handler: (d, player, _m, ctx) => {
          const parent = parentOf(p.cell);
          if (!isLeader(player, ctx.members, ctx.epoch) || d.transition !== null || parent === undefined) return;
          d.transition = {
            kind: 'reroot',
            at: p.changeRound(ctx.round),
            round: ctx.round,
            groups: { [parent]: [...ctx.members] },
          };
        },
      },
      iref: {
        schema: s.object({ cell: cellSchema, seq: s.uint() }),
        handler: (d, player, m, ctx) => {
          // Only an ancestor's inner record, and only the leader asks (it read the held version).
          if (!isLeader(player, ctx.members, ctx.epoch) || !p.cell.startsWith(m.cell) || m.cell === p.cell) return;
          const cur = has(d.signs, m.cell) ? d.signs[m.cell]! : undefined;
          signRecord(d, ctx, m.cell, true, Math.max(m.seq, cur?.seq ?? 0) + 1);
        },
      },
      bump: {
        schema: s.object({ cell: cellSchema, seq: s.uint({ max: 2 ** 52 }) }),
        handler: (d, player, m, ctx) => {
          if (!isLeader(player, ctx.members, ctx.epoch)) return;
          d.minSeq[m.cell] = Math.max(has(d.minSeq, m.cell) ? d.minSeq[m.cell]! : 0, m.seq);
        },
      },
      rv: {
        schema: s.object({ cell: cellSchema, seq: s.uint(), sig }),
        handler: (d, player, m) => {
          const r = has(d.signs, m.cell) ? d.signs[m.cell]! : undefined;
          if (r === undefined || r.seq !== m.seq || !r.members.includes(player) || has(r.votes, player)) return;
          r.votes[player] = m.sig;
        },
      },
      ...eventMessages(p.cell),
    },
    onLeave: (d, player) => {
      delete d.entities[player];
      delete d.outgoing[player];
      delete d.arrivals[player];
    },
    onRound: (d, ctx) => {
      if (!d.started) {
        d.started = true;
        if (d.groupId === '') d.groupId = groupIdOf(ctx.members[0] ?? 'none', ctx.time);
      }
      settleArrivals(d, ctx);
      const t = d.transition;
      if (t !== null && ctx.round < t.at) {
        // Members change until the last round (joins, leaves): who goes where is taken again
        // every round, so the assignment the new groups start from names every member then.
        const parent = parentOf(p.cell);
        t.groups = (
          t.kind === 'split' ? splitAssignment(d, ctx.members, p) : { [parent ?? p.cell]: [...ctx.members] }
        ) as never;
      }
      if (d.transition === null) {
        const sib = d.siblings !== null && ctx.time - d.siblings.time <= SIBLING_REPORT_MS ? d.siblings : null;
        const w = watchSize(d.watch, { time: ctx.time, size: ctx.members.length, siblingsTotal: sib?.total }, p.rule);
        if (w.watch.overSince !== d.watch.overSince || w.watch.underSince !== d.watch.underSince) d.watch = w.watch;
        const parent = parentOf(p.cell);
        if (w.action === 'split' && canSplit(p.cell)) {
          d.transition = {
            kind: 'split',
            at: p.changeRound(ctx.round),
            round: ctx.round,
            groups: splitAssignment(d, ctx.members, p),
          };
          // The cell becomes inner: its record says so before the children take over.
          const own = has(d.signs, p.cell) ? d.signs[p.cell]!.seq : 0;
          const min = has(d.minSeq, p.cell) ? d.minSeq[p.cell]! : 0;
          signRecord(d, ctx, p.cell, true, Math.max(own, min) + 1);
        } else if (w.action === 'merge' && sib !== null && parent !== undefined && d.relocate === null) {
          if (sib.coordinator === p.cell) {
            d.transition = {
              kind: 'reroot',
              at: p.changeRound(ctx.round),
              round: ctx.round,
              groups: { [parent]: [...ctx.members] },
            };
          } else d.relocate = { round: ctx.round, to: parent };
        }
      }
      scheduleOwnRecord(d, ctx, p.cell);
      playEvents(d, ctx, p.cell);
      d.clock = ctx.time;
    },
  });
}

/** Payloads of the cell room's messages. */
export type CellMessages = ReturnType<typeof cellRoom> extends RoomDefinition<CellState, infer M> ? M : never;

/** Whether a strict majority of the request's members signed. */
export function signedByMajority(r: { readonly members: readonly string[]; readonly votes: object }): boolean {
  return Object.keys(r.votes).length >= majority(r.members.length);
}
