/** One {@link GameLink} per `Phaser.Game`, shared by its scenes. */
import { GameLink, type GameLinkDeps } from './game-link';

const links = new WeakMap<object, GameLink>();

/**
 * The link of `game` (a `Phaser.Game`), made on first use. Returns `[link, created]`; the
 * caller closes a created link when the game is destroyed.
 */
export function linkFor(game: object, deps: GameLinkDeps): [GameLink, boolean] {
  const known = links.get(game);
  if (known !== undefined) return [known, false];
  const link = new GameLink(deps);
  links.set(game, link);
  return [link, true];
}

/** Forgets the link of `game` (after closing it). */
export function forgetLink(game: object): void {
  links.delete(game);
}
