/**
 * Test-only entry (`phaser-p2p-mmo/testing`): adversarial NEO members for a game's own test
 * builds (the sample game's "cheating client" uses `equivocate`). Never ship these in a
 * production build: each one makes the local player cheat, and the others will prove it and ban
 * the player.
 * @module
 */
export {
  badReveal,
  colluder,
  equivocate,
  fixedDelay,
  forger,
  lookAhead,
  replayer,
  suppressCorrect,
} from './neo/testing/adversaries';

/** Many players with sessions' worth of context on one simulated network, for zone-level tests. */
export { ZoneHarness, type ZoneHarnessOptions, type ZonePlayer } from './zone/testing';
