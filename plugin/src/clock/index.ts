export type { Clock, TimerHandle } from './clock';
export { sleep } from './clock';
export { SystemClock } from './system-clock';
export { flushMicrotasks, VirtualClock } from './virtual-clock';
