import type { PeerId } from '../../transport/transport';
import { err, ok, type Result } from '../../util/result';
import type { Contact } from '../contact';
import type { NodeContext } from '../context';
import { DhtError, DhtErrorCode } from '../errors';
import { compareDistance, ID_BYTES, keyHex } from '../ids';
import { recordFromWire, type ValidRecord } from '../records/record';
import type { MaybePromise } from '../records/validator';
import type { RpcClient } from '../rpc/rpc-client';
import type { QueryEvent } from './events';

type State = 'waiting' | 'querying' | 'done' | 'failed';

interface Candidate {
  readonly contact: Contact;
  state: State;
  /** Hops from us: 1 for contacts from our own table. */
  readonly hops: number;
  /** Digest of the valid record it returned (value lookups). */
  holds?: string;
}

/** What a lookup found. */
export interface LookupOutcome {
  /** The k closest nodes that answered, closest first. */
  readonly closest: Contact[];
  /** Valid values gathered (value lookups), best first, with who held which version. */
  readonly best: ValidRecord | undefined;
  /** Hops to the first valid value (value lookups) or to the farthest of the k closest. */
  readonly hops: number;
  /** Requests sent. */
  readonly queried: number;
  /** Responders that held an older version than `best`, or none while close to the key. */
  readonly staleHolders: Contact[];
  /** Responders that returned the best version. */
  readonly holders: number;
}

/** Options of {@link runLookup}. */
export interface LookupParams {
  readonly target: Uint8Array;
  readonly mode: 'node' | 'value';
  readonly signal?: AbortSignal;
  readonly emit: (event: QueryEvent) => void;
  /** Value lookups: valid versions to gather before settling (default config.quorum). */
  readonly quorum?: number;
  /** Settles early when it returns true (checked after each answer). */
  readonly stopWhen?: () => boolean;
  /** Requests in flight (default config.alpha). */
  readonly alpha?: number;
  /**
   * First-hop contacts asked beside the table's, even when the table excludes them (a join asks
   * its bootstrap peers). Default: `ctx.fallback` when the table is empty, else none.
   */
  readonly seeds?: readonly Contact[];
}

/**
 * The iterative Kademlia lookup: keeps `alpha` requests in flight to the closest not yet asked
 * of the k closest known; learns closer contacts from every answer; ends when the k closest that
 * are alive have all answered. Value lookups validate every returned record and settle once
 * `quorum` valid versions arrived (a quorum read), keeping the best (newest or merged).
 */
export function runLookup(ctx: NodeContext, rpc: RpcClient, p: LookupParams): Promise<Result<LookupOutcome, DhtError>> {
  const k = ctx.config.k;
  const alpha = p.alpha ?? ctx.config.alpha;
  const target = p.target;
  const quorum = p.quorum ?? ctx.config.quorum;
  const targetHex = keyHex(target);
  const candidates: Candidate[] = [];
  const maxCandidates = 4 * k;
  const known = new Map<PeerId, Candidate>();
  const selfId = ctx.selfNodeId;
  let inFlight = 0;
  let queried = 0;
  let valueHops = 0;
  let valuesSeen = 0;
  let best: ValidRecord | undefined;
  let pendingValidations = 0;
  let finished = false;

  const add = (contact: Contact, hops: number, seed = false): void => {
    if (known.has(contact.id) || compareDistance(contact.nodeId, selfId, selfId) === 0) return;
    // Peers kept out of the routing table (the authority's node) are not asked, whoever names them.
    if (!seed && ctx.routing.isExcluded(contact.id)) return;
    const c: Candidate = { contact, state: 'waiting', hops };
    known.set(contact.id, c);
    // Binary insertion by distance to the target.
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareDistance(candidates[mid]!.contact.nodeId, contact.nodeId, target) < 0) lo = mid + 1;
      else hi = mid;
    }
    candidates.splice(lo, 0, c);
    // Contacts this far down the list are never asked unless dozens of closer ones fail.
    if (candidates.length > maxCandidates) {
      const dropped = candidates.pop()!;
      if (dropped.state === 'waiting') known.delete(dropped.contact.id);
    }
  };

  // Twice k from our table: when the k closest we know are all gone (their region left at once),
  // the lookup goes on with the next ones instead of ending empty-handed. Only the k closest
  // not failed are ever asked, so this costs nothing while contacts answer.
  const start = ctx.routing.closest(target, 2 * k);
  for (const c of start) add(c, 1);
  for (const c of p.seeds ?? (start.length === 0 ? ctx.fallback.contacts : [])) add(c, 1, true);
  ctx.routing.touch(target, ctx.clock.now());

  return new Promise((resolve) => {
    if (candidates.length === 0) {
      resolve(err(new DhtError(DhtErrorCode.NoPeers, 'the routing table is empty')));
      return;
    }
    const finish = (): void => {
      if (finished) return;
      finished = true;
      p.signal?.removeEventListener('abort', onAbort);
      const closest: Contact[] = [];
      const stale: Contact[] = [];
      let holders = 0;
      let missing = 0;
      let farthest = 0;
      for (const c of candidates) {
        if (c.state !== 'done') continue;
        // A seed kept out of the table (the authority's node) answers, but is no replica to write to.
        const routable = !ctx.routing.isExcluded(c.contact.id);
        if (best !== undefined) {
          if (c.holds === best.digestHex) holders++;
          else if (routable && c.holds !== undefined) stale.push(c.contact);
          else if (routable && closest.length < k && missing < 1) {
            // Kademlia's caching step: the closest node that answered without the value gets it.
            stale.push(c.contact);
            missing++;
          }
        }
        if (routable && closest.length < k) {
          closest.push(c.contact);
          farthest = Math.max(farthest, c.hops);
        }
      }
      p.emit({ type: 'done', queried });
      resolve(
        ok({
          closest,
          best,
          hops: p.mode === 'value' ? valueHops : farthest,
          queried,
          staleHolders: best === undefined ? [] : stale,
          holders,
        }),
      );
    };
    const onAbort = (): void => {
      if (finished) return;
      finished = true;
      resolve(err(new DhtError(DhtErrorCode.Aborted, 'lookup aborted')));
    };
    if (p.signal?.aborted) {
      onAbort();
      return;
    }
    p.signal?.addEventListener('abort', onAbort, { once: true });

    const satisfied = (): boolean => (p.mode === 'value' && valuesSeen >= quorum) || p.stopWhen?.() === true;

    const pump = (): void => {
      if (finished) return;
      if (satisfied() && pendingValidations === 0) {
        finish();
        return;
      }
      let live = 0;
      let open = false;
      for (const c of candidates) {
        if (c.state === 'failed') continue;
        if (live++ >= k) break;
        if (c.state === 'waiting') {
          open = true;
          if (inFlight < alpha) query(c);
        } else if (c.state === 'querying') open = true;
      }
      if (!open && inFlight === 0 && pendingValidations === 0) finish();
    };

    const accept = (from: Candidate, valid: ValidRecord | undefined): void => {
      pendingValidations--;
      if (finished) return;
      if (valid !== undefined) {
        from.holds = valid.digestHex;
        if (valuesSeen++ === 0) valueHops = from.hops;
        p.emit({ type: 'value', from: from.contact.id, hops: from.hops, record: valid.record });
        if (best === undefined) best = valid;
        else {
          const merged = ctx.validation.combine(best, valid, ctx.clock.now());
          if (merged instanceof Promise) {
            pendingValidations++;
            void merged.then((m) => {
              pendingValidations--;
              if (m.ok && m.value !== undefined) best = m.value;
              pump();
            });
          } else if (merged.ok && merged.value !== undefined) best = merged.value;
        }
      }
      pump();
    };

    const query = (c: Candidate): void => {
      c.state = 'querying';
      inFlight++;
      queried++;
      p.emit({ type: 'sending', to: c.contact.id, hops: c.hops });
      const request =
        p.mode === 'value'
          ? rpc.request(c.contact.id, 'dhtFindValue', [target], { signal: p.signal })
          : rpc.request(c.contact.id, 'dhtFindNode', [target], { signal: p.signal });
      void request.then((r) => {
        inFlight--;
        if (finished) return;
        if (!r.ok) {
          c.state = 'failed';
          ctx.routing.failed(c.contact.id, r.error.code === DhtErrorCode.Unreachable);
          p.emit({ type: 'error', to: c.contact.id, error: r.error });
          return pump();
        }
        c.state = 'done';
        const body = r.value;
        const contacts = p.mode === 'value' ? (body as readonly unknown[])[3] : (body as readonly unknown[])[2];
        let closer = 0;
        for (const nodeId of contacts as readonly Uint8Array[]) {
          if (nodeId.length !== ID_BYTES) continue;
          const before = known.size;
          add(ctx.contacts.fromNodeId(nodeId), c.hops + 1);
          if (known.size > before) closer++;
        }
        const wire = p.mode === 'value' ? (body as readonly unknown[])[2] : null;
        p.emit({ type: 'response', from: c.contact.id, hops: c.hops, closer, hasValue: wire != null });
        if (wire == null) return pump();
        const record = recordFromWire(wire as Parameters<typeof recordFromWire>[0]);
        pendingValidations++;
        const checked: MaybePromise<Result<ValidRecord, string>> = ctx.validation.validate(record, ctx.clock.now());
        const settle = (v: Result<ValidRecord, string>): void => {
          if (v.ok && v.value.dhtKeyHex !== targetHex) {
            p.emit({ type: 'invalid-value', from: c.contact.id, reason: 'wrong-key' });
            accept(c, undefined);
            return;
          }
          if (!v.ok) p.emit({ type: 'invalid-value', from: c.contact.id, reason: v.error });
          accept(c, v.ok ? v.value : undefined);
        };
        if (checked instanceof Promise) void checked.then(settle);
        else settle(checked);
      });
    };

    pump();
  });
}
