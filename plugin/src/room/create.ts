import type { RoomConnection } from './connection';
import { RoomHandle } from './handle';
import { RoomReplica, type RoomReplicaOptions } from './replica';
import type { RoomDefinition } from './types';

/** Options of {@link createRoom}. */
export interface CreateRoomOptions extends RoomReplicaOptions {
  /** The membership port NEO / the plugin implements for this room. */
  readonly connection: RoomConnection;
}

/** One room instance: the replica NEO drives and the handle game code holds. */
export interface CreatedRoom<S extends object, M> {
  /** Give this to the NEO engine: it implements `ReplicatedState`. */
  readonly replica: RoomReplica<S, M>;
  /** Give this to game code. */
  readonly room: RoomHandle<S, M>;
}

/**
 * Creates one instance of a room type: builds and checks the initial state (throws a
 * `RoomError` `bad-initial-state` or a `RoomOptionError`), and wires a handle to it.
 */
export function createRoom<S extends object, M>(
  definition: RoomDefinition<S, M>,
  options: CreateRoomOptions,
): CreatedRoom<S, M> {
  const { connection, ...replicaOptions } = options;
  const replica = new RoomReplica(definition, replicaOptions);
  return { replica, room: new RoomHandle(replica, connection) };
}
