export type { Rng } from './rng';
export { SeededRng } from './rng';
