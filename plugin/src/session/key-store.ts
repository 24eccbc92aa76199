/**
 * Where a player's key rings live between visits: one serialised ring (crypto's
 * `serializeKeyRing`) per player name, so a returning player signs with the key it registered
 * the name with and the authority renews its certificates instead of refusing the name.
 */
export interface KeyStore {
  /** The serialised key ring stored for `name`, or `undefined` when there is none. */
  load(name: string): Promise<string | undefined>;
  /** Stores (or replaces) the ring of `name`; it becomes the {@link lastName}. */
  save(name: string, ring: string): Promise<void>;
  /** The name saved most recently (to pre-fill a join form), or `undefined`. */
  lastName(): Promise<string | undefined>;
}
