/** A bare node context for unit tests of the RPC handlers (no transport, no network). */
import { type DhtConfig, resolveDhtConfig } from '../config';
import { type Contact, plainContacts } from '../contact';
import type { NodeContext } from '../context';
import { nodeIdFromSignKey } from '../ids';
import { RecordStore } from '../records/record-store';
import { defaultValidators } from '../records/registry';
import { RecordValidation } from '../records/validation';
import { ValidationCache } from '../records/validation-cache';
import { RoutingTable } from '../routing/routing-table';
import { DhtHarness, randomSeed } from './harness';

export interface HandlerFixture {
  readonly h: DhtHarness;
  readonly ctx: NodeContext;
  /** A contact with a fresh random node id. */
  contact(): Contact;
}

export async function handlerFixture(
  options: { config?: Partial<DhtConfig>; archive?: boolean } = {},
): Promise<HandlerFixture> {
  const h = await DhtHarness.create({ seed: 7 });
  const config = resolveDhtConfig(options.config);
  const self = nodeIdFromSignKey(randomSeed(h.rng));
  const ctx: NodeContext = {
    clock: h.clock,
    rng: h.rng.fork(),
    config,
    selfNodeId: self,
    routing: new RoutingTable(self, config.k, config.replacementCacheSize, config.maxContactFailures),
    store: new RecordStore(config.maxRecords),
    validation: new RecordValidation(defaultValidators, {
      ed: h.ed,
      authorityKey: h.authority.publicKey,
      cache: new ValidationCache(),
    }),
    contacts: plainContacts,
    archive: options.archive ?? false,
    due: { at: 0 },
    fallback: { contacts: [] },
  };
  return { h, ctx, contact: () => plainContacts.fromNodeId(nodeIdFromSignKey(randomSeed(h.rng))) };
}
