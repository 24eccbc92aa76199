import type { BenchSection } from '../section';
import { cpuSection } from './cpu';
import { cryptoSection } from './crypto';
import { latencySection } from './latency';
import { wireSection } from './wire';

/** Every benchmark section, in the order `npm run bench` runs them. Add new sections here. */
export const SECTIONS: readonly BenchSection[] = [cryptoSection, latencySection, cpuSection, wireSection];
