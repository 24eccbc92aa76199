/**
 * The shape of `window.__game`, the sample game's test hooks (test builds only, see
 * `scenes/test-driver.ts`). Types only, so the browser tests can import it without game code.
 * Every hook acts on the world scene running now; outside the world (joining, switching zones,
 * the error screen) they answer false / null.
 */
export interface GameTestHooks {
  /** Walks to world position (x, y) along a path; resolves true on arrival (false: no path, interrupted, 60 s). */
  walkTo(x: number, y: number): Promise<boolean>;
  /** Says `text` in a chat bubble (trimmed, at most 80 characters). */
  say(text: string): boolean;
  /** Drops an item of `kind` (gem, apple, coin) just below the player's feet. */
  dropItem(kind: string): boolean;
  /** Asks to pick up the nearest item within 48 px; its id, or null when none is near. */
  pickUpNearest(): string | null;
  /**
   * Asks to open chest `id` (the room checks that the player stands next to it, and who was
   * first). With `atRound`, the request goes into exactly that round's input (two pages given
   * the same round race for the chest in one round).
   */
  openChest(id: string, atRound?: number): boolean;
  /** The zone's chests from the decided state: who opened each (null: closed). */
  chests(): Readonly<Record<string, { readonly openedBy: string | null }>> | null;
  /** Treasure each player carries, from the decided state of the zone. */
  treasure(): Readonly<Record<string, number>> | null;
  /** Walks onto the nearest door; resolves true once the next zone's world is up (false after 60 s). */
  useDoor(): Promise<boolean>;
  /** The local player's predicted feet position and zone, or null outside the world. */
  where(): { readonly x: number; readonly y: number; readonly zone: string } | null;
}
