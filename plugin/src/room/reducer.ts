import { type Draft, enablePatches, Immer, type Patch } from 'immer';
import type { DecidedRound } from '../neo/replicated-state';
import { SeededRng } from '../rng/rng';
import type { PeerId } from '../transport/transport';
import { RoomDropCode, RoomError, RoomErrorCode } from './errors';
import { decodeInput } from './input';
import { checkPlain, formatPath, type PlainIssue } from './plain';
import type { RoomDefinition, RoundContext } from './types';

enablePatches();

/** The room's own immer instance: auto-freeze on, whatever other code sets globally. */
export const roomImmer = new Immer({ autoFreeze: true });

/** A peer message dropped before any handler saw it. */
export interface DroppedMessage {
  readonly round: number;
  readonly player: PeerId;
  readonly code: RoomDropCode;
}

/** What applying one round produced. */
export interface RoundOutput<S> {
  state: S;
  /** Immer patches of every step that was kept, in application order. */
  readonly patches: Patch[];
  /** Deterministic errors (handler threw, invalid state), in application order. */
  readonly errors: RoomError[];
  readonly drops: DroppedMessage[];
  /** Messages whose handler ran and whose changes were kept. */
  applied: number;
}

let reducerDepth = 0;

/** True while a reducer step runs: `send()` refuses to run there. */
export function inReducer(): boolean {
  return reducerDepth > 0;
}

/**
 * The round's random generator: the 32-byte seed folded to 32 bits (XOR of its eight big-endian
 * words) seeds a {@link SeededRng}. The seed is already a uniform hash, so folding loses nothing
 * a game can notice.
 */
export function roundRng(seed: Uint8Array): SeededRng {
  let x = 0;
  for (let i = 0; i + 3 < seed.length; i += 4) {
    x ^= ((seed[i] ?? 0) << 24) | ((seed[i + 1] ?? 0) << 16) | ((seed[i + 2] ?? 0) << 8) | (seed[i + 3] ?? 0);
  }
  return new SeededRng(x >>> 0);
}

/** The first non-plain value a step wrote, found through its patches (cost: the size of the change). */
function patchIssue(patches: readonly Patch[]): PlainIssue | undefined {
  for (const p of patches) {
    if (p.op === 'remove') continue;
    if (p.path[p.path.length - 1] === '__proto__') return { path: p.path, message: 'the key __proto__ is not allowed' };
    const issue = checkPlain(p.value, p.path);
    if (issue) return issue;
  }
  return undefined;
}

interface Site {
  readonly room: string;
  readonly round: number;
  readonly player?: PeerId;
  readonly step: string;
}

function where(site: Site): string {
  const who = site.player === undefined ? '' : ` for player ${site.player}`;
  return `room ${site.room} round ${site.round}: ${site.step}${who}`;
}

/**
 * Runs one isolated reducer step: a throwing step or one that writes non-plain data leaves
 * the state exactly as it was and adds a {@link RoomError}; otherwise its patches are kept.
 */
function step<S>(out: RoundOutput<S>, site: Site, recipe: (draft: Draft<S>) => void): boolean {
  let next: S;
  let patches: Patch[];
  reducerDepth++;
  try {
    [next, patches] = roomImmer.produceWithPatches(out.state, (draft: Draft<S>) => {
      recipe(draft);
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    out.errors.push(new RoomError(RoomErrorCode.HandlerThrew, `${where(site)} threw: ${reason}`, { ...site, cause }));
    return false;
  } finally {
    reducerDepth--;
  }
  const issue = patchIssue(patches);
  if (issue !== undefined) {
    const path = formatPath('state', issue.path);
    out.errors.push(
      new RoomError(RoomErrorCode.InvalidState, `${where(site)} wrote invalid state at ${path}: ${issue.message}`, {
        ...site,
        path,
      }),
    );
    return false;
  }
  out.state = next;
  for (const p of patches) out.patches.push(p);
  return true;
}

/**
 * Applies one decided round to `base`: `onLeave` for each player in `left`, `onJoin` for each in
 * `joined`, then every member's messages in member order (each checked against its schema
 * first), then `onRound`. Deterministic, and never throws for anything a peer sent.
 */
export function applyRound<S>(def: RoomDefinition<S, unknown>, base: S, round: DecidedRound): RoundOutput<S> {
  const out: RoundOutput<S> = { state: base, patches: [], errors: [], drops: [], applied: 0 };
  const ctx: RoundContext = Object.freeze({
    epoch: round.epoch,
    round: round.round,
    time: round.time,
    rng: roundRng(round.seed),
    members: Object.freeze(round.inputs.map((i) => i.player)),
  });
  const room = def.name;
  const { onJoin, onLeave, onRound } = def.config;
  const r = round.round;
  if (onLeave) {
    for (const player of round.left)
      step(out, { room, round: r, player, step: 'onLeave' }, (d) => onLeave(d, player, ctx));
  }
  if (onJoin) {
    for (const player of round.joined)
      step(out, { room, round: r, player, step: 'onJoin' }, (d) => onJoin(d, player, ctx));
  }
  const { maxMessagesPerRound, maxInputBytes } = def.limits;
  for (const { player, input } of round.inputs) {
    if (input === null) continue;
    const drop = (code: RoomDropCode): void => {
      out.drops.push({ round: r, player, code });
    };
    const decoded = decodeInput(input, maxMessagesPerRound, maxInputBytes);
    if (!decoded.ok) {
      drop(decoded.code);
      continue;
    }
    for (let i = 0; i < decoded.malformed; i++) drop(RoomDropCode.Malformed);
    for (const { code, payload } of decoded.messages) {
      const name = def.messageNames[code];
      const m = name === undefined ? undefined : def.messages.get(name);
      if (m === undefined) {
        drop(RoomDropCode.UnknownType);
        continue;
      }
      const checked = m.schema.check(payload);
      if (!checked.ok) {
        drop(RoomDropCode.Schema);
        continue;
      }
      const site = { room, round: r, player, step: `message ${m.name}` };
      if (step(out, site, (d) => m.handler(d, player, checked.value, ctx))) out.applied++;
    }
  }
  if (onRound) step(out, { room, round: r, step: 'onRound' }, (d) => onRound(d, ctx));
  return out;
}
