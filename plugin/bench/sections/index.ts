import type { BenchSection } from '../section';
import { cryptoSection } from './crypto';

/** Every benchmark section, in the order `npm run bench` runs them. Add new sections here. */
export const SECTIONS: readonly BenchSection[] = [cryptoSection];
