import type { PeerId } from '../transport/transport';
import type { NeoFetchBody } from '../wire/messages/neo-fetch';
import { MessageType } from '../wire/types';
import { encodeRound, toBody } from './codec';
import type { Core } from './core';
import { NeoDrop } from './counters';
import type { MemberDecision } from './decide';
import { echoPossible } from './evidence';
import { type Epoch, epochOf, majority, roundStart, unwrapRound } from './schedule';

/** Most messages one peer may have forwarded to it per round (a cheap guard against fetch floods). */
const FORWARDS_PER_ROUND = 64;

/** Asks `to` to forward the messages named by (round, sender index); each item at most once per round. */
export function requestMessages(core: Core, to: PeerId, items: readonly (readonly [number, number])[]): void {
  const fresh: [number, number][] = [];
  for (const [round, sender] of items) {
    const key = `${round} ${sender} ${to}`;
    if (core.fetched.get(key) === core.round) continue;
    core.fetched.set(key, core.round);
    fresh.push([round & 0xffff, sender]);
  }
  for (let i = 0; i < fresh.length; i += 64) {
    core.counters.fetchesSent++;
    core.send(to, MessageType.neoFetch, [core.tag, fresh.slice(i, i + 64)]);
  }
}

/** Answers a fetch: forwards the original signed messages we hold (the requester verifies them). */
export function onFetch(core: Core, from: PeerId, body: NeoFetchBody): void {
  const e = epochOf(core.schedule, core.round);
  if (e === undefined || core.localBans.has(from)) {
    core.drop(NeoDrop.Refused, from);
    return;
  }
  const budget = core.forwardBudget;
  const b = budget.get(from);
  const used = b?.round === core.round ? b.count : 0;
  let count = used;
  for (const [r16, sender] of body[1]) {
    if (count >= FORWARDS_PER_ROUND) break;
    const round = unwrapRound(r16, core.round);
    const m = core.table.get(round, sender);
    if (m === undefined || core.localBans.has(m.fields.senderId) || m.fields.senderId === from) continue;
    count++;
    core.counters.forwardsSent++;
    core.sendBytes(from, encodeRound(toBody(core.tag, m.fields, m.sig)));
  }
  budget.set(from, { round: core.round, count });
  if (budget.size > 256) budget.clear();
}

/** Whether a strict majority of members has sent us messages of rounds after `round`. */
export function majorityPast(core: Core, e: Epoch, round: number): boolean {
  let n = 0;
  for (const m of e.members) if ((m === core.self ? core.round : (core.latestFrom.get(m) ?? -1)) > round) n++;
  return n >= majority(e.members.length);
}

/**
 * Whether `owner`'s message of `round` should have arrived by now: its link's 95th-percentile
 * delay (or our typical one) plus a quarter of it, at least 10 ms. Before anything is measured,
 * every message counts as overdue.
 */
function overdue(core: Core, owner: PeerId, round: number): boolean {
  const expected = core.linkP95.get(owner) ?? core.delayP95;
  return core.now() >= roundStart(core.schedule, round) + expected + Math.max(10, expected / 4);
}

/** Links are FIFO: once a later message from `owner` is in, its message of `round` was lost. */
function lostFrom(core: Core, owner: PeerId, round: number): boolean {
  return owner !== core.self && (core.latestFrom.get(owner) ?? -1) > round;
}

/** Whether the message of (`round`, `sender`) is lost or overdue. */
function due(core: Core, e: Epoch, round: number, sender: number): boolean {
  const owner = e.members[sender]!;
  return lostFrom(core, owner, round) || overdue(core, owner, round);
}

/**
 * Past round `q`'s deadline and still undecided: asks for what is missing. A message is asked
 * from its sender once a later one from it has arrived (links are FIFO: the earlier one was
 * lost) or, for the round that holds up applying, once it is overdue while most members have not
 * moved past it (nobody else may hold it), and from other members (up to `fetchFanout` askees in all) once it is lost or overdue on its
 * link and most members have moved past it. A message that is merely late (a slow link)
 * is not asked for, nor one whose content the sender's next message can still bring (echoes):
 * the forwarded copy would come back no sooner and costs bytes and a signature check.
 */
export function fetchMissing(core: Core, e: Epoch, q: number, needs: readonly MemberDecision[]): void {
  const wanted = new Map<string, [number, number]>();
  const missing = (round: number, sender: number): boolean => core.table.get(round, sender) === undefined;
  const want = (round: number, sender: number): void => {
    if (missing(round, sender)) wanted.set(`${round} ${sender}`, [round, sender]);
  };
  // The next round's message repeats the reveal (echo) and, in small groups, the votes: while
  // it can still come in time, a lost message needs no fetch.
  const echo = echoPossible(core, e, q);
  const echoVotes = echo && e.members.length <= core.config.echoVotesMaxMembers;
  const waitForEcho = (sender: number): boolean => missing(q + e.k + 1, sender) && !due(core, e, q + e.k + 1, sender);
  needs.forEach((m, j) => {
    if (m.kind !== 'uncertain') return;
    if (m.need === 'votes') {
      for (let v = 0; v < e.members.length; v++) if (!(echoVotes && waitForEcho(v))) want(q + e.k, v);
    } else if (!(echo && waitForEcho(j))) {
      want(q + e.k, j);
      want(q + e.k + 1, j);
    }
  });
  if (wanted.size === 0) return;
  const others = e.members.filter((m) => m !== core.self);
  const byPeer = new Map<PeerId, [number, number][]>();
  for (const item of wanted.values()) {
    const owner = e.members[item[1]]!;
    const targets = new Set<PeerId>();
    const past = majorityPast(core, e, item[0]);
    if (lostFrom(core, owner, item[0])) targets.add(owner);
    else if (!overdue(core, owner, item[0])) continue;
    // Overdue and nobody else is known to hold it: a member's last messages before it left (no
    // later one will show they were lost), in a group too small for a majority without it. Only
    // for the round that holds up applying, every fourth round: a member that went silent for
    // good is asked once in a while, not for every round behind it on every tick.
    else if (!past && q === core.nextApply && core.round % 4 === 0) targets.add(owner);
    if (past) {
      for (let i = 0; i < others.length * 2 && targets.size < core.config.fetchFanout; i++) {
        const t = others[core.opts.rng.int(others.length)]!;
        if (t !== owner) targets.add(t);
      }
    }
    for (const t of targets) {
      const list = byPeer.get(t) ?? [];
      list.push(item);
      byPeer.set(t, list);
    }
  }
  for (const [peer, items] of byPeer) requestMessages(core, peer, items);
}
