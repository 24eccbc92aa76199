/**
 * The Phaser-free part of the scene plugin's API, exported by the root entry too: registration
 * constants, the plugin's types, errors, and the pure building blocks other engines can reuse
 * (interpolation, prediction, the entity binding reconciler, the input sampler, the item view,
 * the overlay model, the debug handle). The class itself is in `phaser-p2p-mmo/phaser`.
 * @module
 */

/** Engine-agnostic building blocks. */
export { EntityBinding, type EntityBindingOptions, type EntityPort } from './bindings';
/** Registration constants, and the types of `this.p2p`'s parts. */
export { P2P_PLUGIN_KEY, P2P_SCENE_MAPPING } from './constants';
/** `window.__p2p`. */
export type {
  DebugCounters,
  DebugCrypto,
  DebugItem,
  DebugMember,
  DebugPeer,
  P2PDebugSnapshot,
  Positions,
} from './debug-handle';
/** Errors of join and switchZone, and of bad options. */
export { type JoinErrorCode, type JoinFailure, P2PJoinError, P2PJoinErrorCode, P2POptionError } from './errors';
/** The type of `this.p2p.events`. */
export type { Emitter as P2PEventEmitter } from './events';
export { CHANGE_REFRESH_ROUNDS, type InputPort, InputSampler, type SampleEvery } from './input-sampler';
export { type FieldValues, PlayoutClock, SampleBuffer } from './interpolation';
export { type ItemPort, ItemsView } from './items-view';
export { buildOverlayModel, type OverlayModel } from './overlay-model';
export type { P2PEntities, P2PInput, P2PItems, P2POverlay } from './plugin';
export { LocalPredictor, type PredictClock } from './prediction';
/** Options, events and the binding declaration. */
export {
  type AnyZoneRoom,
  type EntityBindingDecl,
  type EntityBindingHandle,
  type ItemsShowOptions,
  type JoinStep,
  type LocalPrediction,
  type P2PEvents,
  type P2PJoinOptions,
  P2PPhase,
  type P2PViewOptions,
  type SampleOptions,
  type SwitchZoneOptions,
} from './types';
