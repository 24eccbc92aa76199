/**
 * What the local player can do besides walking: chat, drop an item at its feet (Q), pick up the
 * nearest item or open the nearest chest (E). The keys and the test driver call the same methods.
 */
import type * as Phaser from 'phaser';
import type { Point } from '../world/movement';
import { CHAT_MAX, CHEST_REACH } from '../world/state';
import { ITEM_KINDS } from './assets';
import { floatText } from './effects';
import type { GameRoom } from './room';

/** Items within this distance (px) of the feet can be picked up. */
export const PICK_UP_RANGE = 48;
/** At most one drop per this many ms (a held Q key does not flood the zone). */
const DROP_INTERVAL_MS = 400;
/** Items land this far below the feet point, px. */
const DROP_OFFSET_Y = 12;

/** The local player's actions in one zone. */
export class PlayerActions {
  #lastDrop = Number.NEGATIVE_INFINITY;

  constructor(
    readonly scene: Phaser.Scene,
    readonly room: GameRoom,
    readonly feet: () => Point | undefined,
  ) {}

  /** Says `text` (trimmed, at most 80 characters) in a bubble. False when there is nothing to say or no room. */
  say(text: string): boolean {
    const line = text.trim().slice(0, CHAT_MAX);
    if (line === '') return false;
    return this.#send(() => this.room.room.send('chat', { text: line }));
  }

  /** Drops an item of `kind` (default: a random one) at the feet. */
  drop(kind?: string): boolean {
    const at = this.feet();
    const now = this.scene.time.now;
    if (at === undefined || now - this.#lastDrop < DROP_INTERVAL_MS) return false;
    this.#lastDrop = now;
    const k = kind ?? ITEM_KINDS[Math.floor(Math.random() * ITEM_KINDS.length)]!;
    // Just in front of the feet, so the avatar does not hide it.
    const y = Math.min(Math.round(at.y) + DROP_OFFSET_Y, this.room.zone.bounds.height - 1);
    try {
      return this.scene.p2p.items.drop(k, Math.round(at.x), y);
    } catch {
      return false;
    }
  }

  /** Asks for the nearest item within reach; returns its id, or null when none is near. */
  pickUpNearest(): string | null {
    const at = this.feet();
    if (at === undefined) return null;
    let best: { id: string; d: number } | undefined;
    for (const item of this.scene.p2p.items.list()) {
      const d = Math.hypot(item.x - at.x, item.y - at.y);
      if (d <= PICK_UP_RANGE && (best === undefined || d < best.d)) best = { id: item.id, d };
    }
    if (best === undefined) return null;
    return this.scene.p2p.items.pickUp(best.id) ? best.id : null;
  }

  /** The closed chest within reach of the feet, if any. */
  nearestChest(): string | undefined {
    const at = this.feet();
    if (at === undefined) return undefined;
    for (const [id, c] of Object.entries(this.room.room.state.chests)) {
      if (c.openedBy === null && Math.abs(c.x - at.x) <= CHEST_REACH && Math.abs(c.y - at.y) <= CHEST_REACH) return id;
    }
    return undefined;
  }

  /** Asks to open chest `id` (the room decides whether this player is next to it, and first). */
  openChest(id: string): boolean {
    return this.#send(() => this.room.room.send('openChest', { id }));
  }

  /** E: picks up the nearest item, else opens the chest within reach, else says so. */
  interact(): void {
    if (this.pickUpNearest() !== null) return;
    const chest = this.nearestChest();
    if (chest !== undefined) {
      this.openChest(chest);
      return;
    }
    const at = this.feet();
    if (at !== undefined) floatText(this.scene, at.x, at.y - 40, 'nothing here', '#cfc9e4');
  }

  #send(fn: () => boolean): boolean {
    try {
      return fn();
    } catch {
      // The room was left (a door, a drop): the action is simply lost.
      return false;
    }
  }
}
