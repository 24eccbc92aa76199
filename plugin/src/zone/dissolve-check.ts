import type { VerifiedGroup } from '../dht/records/validators/group';
import type { ZonePeerContext } from './context';
import { readGroupRecord } from './discovery';
import type { GroupMember } from './group-member';
import { otherGroupWins } from './merge';
import type { SystemState } from './system-room';

/** What {@link DissolveCheck} reads from and asks of its zone room. */
export interface DissolveHost {
  readonly ctx: ZonePeerContext;
  readonly zone: string;
  readonly cell: string;
  /** True once the zone room is closed. */
  closed(): boolean;
  /** The group we are in now. */
  member(): Pick<GroupMember, 'groupId' | 'neo'> | undefined;
  /** Our group's id as the decided system state has it. */
  groupId(): string;
  /** Leaves our group for the winning group `rec`. */
  migrate(rec: VerifiedGroup): Promise<void>;
}

/**
 * A member's side of a merge: when the decided system state says the group dissolves into
 * another, the member checks the merge rule against its own read of the DHT (once per
 * decision) and moves there only if it agrees.
 */
export class DissolveCheck {
  readonly #host: DissolveHost;
  readonly #seen = new Set<string>();

  constructor(host: DissolveHost) {
    this.#host = host;
  }

  /** The system state after a round: checks a dissolve decision not checked yet. */
  onState(st: SystemState): void {
    const d = st.dissolve;
    if (d === null || this.#host.closed()) return;
    const key = `${st.groupId}|${d.into}|${d.round}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    void this.#check(d.into);
  }

  /** The group decided to dissolve into `into`: move there if our own read of the DHT agrees. */
  async #check(into: string): Promise<void> {
    const h = this.#host;
    const rec = await readGroupRecord(h.ctx, h.zone, h.cell, 5000);
    const m = h.member();
    if (rec === undefined || rec.groupId !== into || m === undefined || rec.groupId === m.groupId) return;
    // Any member may propose it: each checks the merge rule against its own read.
    const ours = { size: m.neo.epoch?.members.length ?? 1, groupId: h.groupId() };
    if (otherGroupWins(ours, rec)) await h.migrate(rec);
  }
}
