export type { Clock, TimerHandle } from './clock';
export { sleep } from './clock';
export {
  ClockSyncOptionError,
  type OffsetEstimate,
  OffsetEstimator,
  type OffsetEstimatorOptions,
  type OffsetSample,
} from './sync';
export { SyncedClock, type SyncedClockOptions } from './sync-clock';
export { ClockSync, type ClockSyncOptions, type FetchTime } from './sync-driver';
export { SystemClock } from './system-clock';
export { flushMicrotasks, VirtualClock } from './virtual-clock';
