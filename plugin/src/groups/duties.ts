import type { PeerId } from '../transport/transport';
import type { ZonePeerContext } from '../zone/context';
import type { Identities } from '../zone/identities';
import type { ZoneWork } from '../zone/work';
import type { CellMember } from './cell-member';
import { checkEvent, eventSigningBytes, type ZoneEventWire } from './events';
import { checkHandoff, claimOfArrival, claimOfOutgoing, handoffSigningBytes } from './handoff';

const MEMORY = 1024;

function remember(set: Set<string>, key: string): boolean {
  if (set.has(key)) return false;
  set.add(key);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
  return true;
}

/**
 * What every member does after each applied round of a group, whoever it is: sign the handoff
 * of a member leaving (`hv`), check an arriving entity's certificate and say so (`ack`), sign an
 * event raised here (`evv`), check an event from another group and say so (`eva`). The checks
 * run off the round loop (signature verification is asynchronous); their verdicts go into the
 * next input, and the group decides on a majority of verdicts, so every member adopts the same
 * entities and events at the same round.
 */
export class MemberDuties {
  readonly #done = new Set<string>();

  constructor(
    readonly ctx: ZonePeerContext,
    readonly work: ZoneWork,
    readonly identities: Identities,
    readonly counters: Record<string, number>,
  ) {}

  /** The signing key of `id`: the session's certified keys, else its DHT certificate record. */
  keyOf = async (id: PeerId): Promise<Uint8Array | undefined> =>
    this.ctx.membership.publicKeyOf(id) ?? (await this.identities.get(id))?.sign;

  /** Runs the duties of `m` for its current decided state. */
  run(m: CellMember): void {
    const st = m.state;
    const self = this.ctx.playerId;
    const where = { gameId: this.ctx.gameId, zone: m.params.zone };
    for (const p of Object.keys(st.outgoing)) {
      const o = st.outgoing[p]!;
      if (!o.members.includes(self) || !remember(this.#done, `hv|${st.groupId}|${p}|${o.hop}|${o.time}`)) continue;
      const claim = claimOfOutgoing(o, { ...where, from: m.cell, gid: st.groupId, player: p });
      this.#track(
        this.ctx.signer.sign(handoffSigningBytes(claim)).then((sig) => m.submit('hv', { p, sig })),
        'handoffVotes',
      );
    }
    for (const p of Object.keys(st.arrivals)) {
      const a = st.arrivals[p]!;
      if (!remember(this.#done, `ack|${st.groupId}|${p}|${a.hop}|${a.time}`)) continue;
      const claim = claimOfArrival(a, { ...where, to: m.cell, player: p });
      const now = m.roundTime(m.composite.round) ?? this.ctx.clock.now();
      this.#track(
        checkHandoff(this.ctx.ed, claim, a.sigs, now, this.keyOf).then((refusal) => {
          if (refusal !== undefined) this.#count(`handoffRefused.${refusal}`);
          m.submit('ack', { p, ok: refusal === undefined });
        }),
        'handoffChecks',
      );
    }
    for (const id of Object.keys(st.events)) {
      const e = st.events[id]!;
      if (e.origin === m.cell) {
        if (e.ok || !e.members.includes(self) || !remember(this.#done, `evv|${id}`)) continue;
        const bytes = eventSigningBytes(this.ctx.gameId, m.params.zone, { id, ...e });
        this.#track(
          this.ctx.signer.sign(bytes).then((sig) => m.submit('evv', { id, sig })),
          'eventVotes',
        );
      } else if (!e.ok && remember(this.#done, `eva|${st.groupId}|${id}`)) {
        const wire: ZoneEventWire = {
          id,
          kind: e.kind,
          payload: e.payload,
          at: e.at,
          origin: e.origin,
          members: e.members,
          sigs: Object.keys(e.votes)
            .map((v) => [e.members.indexOf(v), e.votes[v]!] as const)
            .sort((a, b) => a[0] - b[0]),
        };
        this.#track(
          checkEvent(this.ctx.ed, this.ctx.gameId, m.params.zone, wire, this.keyOf).then((ok) =>
            m.submit('eva', { id, ok }),
          ),
          'eventChecks',
        );
      }
    }
  }

  #track(p: Promise<void>, counter: string): void {
    this.work.track(
      p.then(
        () => this.#count(counter),
        () => this.#count('dutyFailures'),
      ),
    );
  }

  #count(name: string): void {
    this.counters[name] = (this.counters[name] ?? 0) + 1;
  }
}
