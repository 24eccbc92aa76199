/**
 * NEO rounds (SEA-hardened): a group of peers agrees, round by round, on every member's input,
 * without a server, at a latency set by the delay to a majority, cheat-proof at the protocol
 * level. See `plugin/spec/neo.md`.
 */

export { adaptTiming } from './adapt';
export { B as RoundBodyIndex, type RoundFields, signingPayload } from './codec';
export { COMMIT_BYTES, commitment, voteDigest } from './commit';
export { changeRound, DEFAULT_NEO_CONFIG, EPOCH_GRID, type NeoConfig, resolveConfig } from './config';
export { type GroupContext, groupTag, NEO_VERSION } from './context';
export { applyControl, type ControlState, initialControl, type ScheduledChange } from './control';
export { decodeControl, encodeControl } from './control-codec';
export { NEO_DROPS, type NeoCounters, NeoDrop } from './counters';
export {
  decideMember,
  decideRound,
  type MemberDecision,
  type MemberEvidence,
  NoneReason,
  type Reveal,
  type RoundDecision,
  tallyVotes,
} from './decide';
export { NeoConfigError, NeoError, NeoErrorCode } from './errors';
export type { DecisionRecord, FoundProof, NeoEvents, ResyncReport } from './events';
export { createNeoGroup, NeoGroup } from './group';
export type {
  HookApi,
  Membership,
  NeoGroupOptions,
  NeoHooks,
  NeoSigner,
  NeoStart,
  OutgoingRound,
} from './options';
export {
  encodeProof,
  neoProofVerifier,
  type ProofCheckOptions,
  type ProofFinding,
  ProofKind,
  type SignedPayload,
  verifyProof,
} from './proofs';
export type { DecidedInput, DecidedRound, ReplicatedState, RestoreError } from './replicated-state';
export type { RevealedInput } from './reveals';
export { type Epoch, majority, type Schedule } from './schedule';
