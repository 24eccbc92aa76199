/**
 * Test and simulation helpers of the DHT (not part of the browser API): a many-node harness on
 * `SimNetwork` and a virtual-time driver.
 */

export { drain, VirtualDriver } from './driver';
export {
  DHT_T0,
  DhtHarness,
  type DhtHarnessOptions,
  type HarnessNode,
  type HarnessPlayer,
  randomSeed,
} from './harness';
