/**
 * The world: the current zone's map, every player's avatar (bound to the room's `players`), the
 * local player's input (sampled once per round), items, chests, doors, chat and the HUD. A door
 * switches zones through the plugin and restarts this scene on the new map.
 */
import * as Phaser from 'phaser';
import type { EntityBindingHandle, RoomHandle } from 'phaser-p2p-mmo';
import { ChatInput } from '../ui/chat-input';
import { byId, show, toast } from '../ui/dom';
import { DISCONNECTED } from '../ui/error-text';
import { Hud } from '../ui/hud';
import { type Door, doorAt, nearestDoor, spawnOf } from '../world/map';
import { ZONES, type Zone, zoneNamed } from '../world/maps';
import { type Point, SPEED_SUB_PER_MS, SUB } from '../world/movement';
import type { ZoneMessages } from '../world/room';
import type { MoveInput, Player, ZoneState } from '../world/state';
import { itemFrame, TEX } from './assets';
import { AvatarView } from './avatar-view';
import { Controls } from './controls';
import { clickMarker, floatText } from './effects';
import type { ErrorData } from './error-scene';
import { hudModel } from './hud-model';
import { bagOf, carryTreasure, currentRoom, type GameRoom, ZONE_ENTERED } from './room';
import { PlayerActions } from './world-actions';
import { DEPTH, ZoneView } from './zone-view';

/** Where to appear in the zone, and whether we came through a door. */
export interface WorldData {
  readonly spawn?: string;
  readonly entered?: boolean;
}

/** Resend `hello` when the avatar is still missing this many rounds after the last one. */
const HELLO_RETRY_ROUNDS = 20;
const HUD_EVERY_MS = 250;

/** See the module comment. */
export class WorldScene extends Phaser.Scene {
  #data: WorldData = {};
  #zone!: Zone;
  #room!: GameRoom;
  #me = '';
  #controls!: Controls;
  #actions!: PlayerActions;
  #zoneView: ZoneView | undefined;
  #binding: EntityBindingHandle<AvatarView> | undefined;
  #hud: Hud | undefined;
  #chat: ChatInput | undefined;
  #offs: (() => void)[] = [];
  #switching = false;
  #lastDoor: Door | undefined;
  #helloRound = Number.NEGATIVE_INFINITY;
  #hudAt = 0;
  #rejoining = false;
  /** Listeners on the current group's room handle (quadtree groups: a new one per leaf group). */
  #handleOffs: (() => void)[] = [];
  /** Our avatar as a group last decided it: where we arrive in the next leaf group. */
  #lastMe: Player | undefined;

  constructor() {
    super('world');
  }

  init(data: WorldData): void {
    this.#data = data ?? {};
    this.#switching = false;
    this.#rejoining = false;
    this.#helloRound = Number.NEGATIVE_INFINITY;
    this.#offs = [];
    this.#handleOffs = [];
    this.#lastMe = undefined;
  }

  create(): void {
    const room = currentRoom(this);
    if (room === undefined) {
      this.scene.start('join');
      return;
    }
    this.#room = room;
    this.#me = room.room.self;
    this.#zone = zoneNamed(room.zone.name);
    const { map } = this.#zone;
    this.#zoneView = new ZoneView(this, map);
    this.#zoneView.showChests(room.room.state.chests);
    this.#zoneView.frameCamera(this.cameras.main);
    this.#controls = new Controls(this, map);
    this.#actions = new PlayerActions(this, room, () => this.feet());
    this.#bind();
    this.#listen();
    this.#keys();
    this.#hud = new Hud();
    this.#chat = new ChatInput(
      (text) => this.#actions.say(text),
      (open) => {
        this.#controls.enabled = !open;
        const kb = this.input.keyboard;
        if (kb === null) return;
        kb.enabled = !open;
        // Keys held when the line opened or closed would otherwise stay "down".
        kb.resetKeys();
        if (open) kb.disableGlobalCapture();
        else kb.enableGlobalCapture();
      },
    );
    this.#sayHello(room.room.round);
    this.#lastDoor = undefined;
    show(byId('fade'), false);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => this.#shutdown());
    if (this.#data.entered === true) this.game.events.emit(ZONE_ENTERED, room.zone.name);
    else toast(`Welcome! ${map.chests.length} chests hide in this town: walk up to one and press E.`, 6000);
  }

  #bind(): void {
    const { predict } = this.#zone.room;
    this.#binding = this.p2p.entities.bind<Player, AvatarView, MoveInput>({
      path: ['players'],
      fields: ['x', 'y'],
      create: (id, p) => {
        const avatar = new AvatarView(this, p, id === this.#me);
        if (id === this.#me) this.cameras.main.startFollow(avatar, true, 0.2, 0.2);
        return avatar;
      },
      update: (avatar, p) => avatar.apply(p),
      local: { predict, input: 'move' },
      // Others' avatars move as soon as their inputs can be read, not when their rounds are decided.
      speculative: true,
    });
    this.#offs.push(
      this.p2p.input.sample<MoveInput>('move', () => this.#controls.intent(this.feet(), this.#deadZone()), {
        every: 'change',
      }),
    );
    this.p2p.items.show({
      create: (item) => this.add.image(item.x, item.y, TEX.items, itemFrame(item.kind)).setDepth(DEPTH.items),
    });
  }

  #listen(): void {
    const room = this.#room;
    this.#listenHandle(room.room);
    // Quadtree groups: the avatar walked into another leaf's group, whose room is a new handle.
    const groups = room as GameRoom & {
      onLeafChange?: (fn: (h: RoomHandle<ZoneState, ZoneMessages>) => void) => () => void;
    };
    if (groups.onLeafChange !== undefined) {
      this.#offs.push(
        groups.onLeafChange((handle) => {
          this.#listenHandle(handle);
          if (handle.state.players[this.#me] === undefined) this.#sayHello(handle.round);
        }),
      );
    }
    this.#offs.push(
      () => {
        for (const off of this.#handleOffs.splice(0)) off();
      },
      room.items.on('picked', (item, by) => {
        if (by !== this.#me) return;
        const bag = bagOf(this.registry);
        bag[item.kind] = (bag[item.kind] ?? 0) + 1;
        floatText(this, item.x, item.y - 10, `+1 ${item.kind}`, '#9be29b');
      }),
      room.onApplied((round) => {
        const mine = room.room.state.players[this.#me];
        // Only quadtree groups move the avatar into another group's room (a one-group zone's
        // returning player says hello at the spawn point as before).
        if (mine !== undefined) {
          if (groups.onLeafChange !== undefined) this.#lastMe = mine;
        } else if (round - this.#helloRound >= HELLO_RETRY_ROUNDS) this.#sayHello(round);
      }),
    );
    const session = this.p2p.session;
    if (session !== undefined) {
      this.#offs.push(
        session.on('banned', (id) => {
          if (id === this.#me) this.#fail({ code: 'banned', message: 'The authority banned this player.' });
          else toast(`${room.room.state.players[id]?.name ?? 'A player'} was banned for cheating.`);
        }),
      );
    }
  }

  /** Chest, player and status listeners on one group's room handle (replacing the previous ones). */
  #listenHandle(handle: RoomHandle<ZoneState, ZoneMessages>): void {
    for (const off of this.#handleOffs.splice(0)) off();
    const room = this.#room;
    this.#zoneView?.showChests(handle.state.chests);
    this.#handleOffs.push(
      handle.listen(['chests'], (chests, previous) => {
        if (chests === undefined) return;
        for (const [id, c] of Object.entries(chests)) {
          // Only fresh openings: a joiner's first state holds chests opened long ago.
          if (c.openedBy === null || previous?.[id]?.openedBy != null || room.now() - c.openedAt > 5000) continue;
          const who = c.openedBy === this.#me ? 'You' : (handle.state.players[c.openedBy]?.name ?? 'Someone');
          floatText(this, c.x, c.y - 20, `${who} found ${c.loot} gold!`);
        }
      }),
      handle.onStateChange((state) => this.#zoneView?.showChests(state.chests)),
      handle.onStatus((status) => this.#onStatus(status)),
      handle.onAdd(['players'], (id, p) => id !== this.#me && toast(`${p.name} is here.`), { immediate: false }),
      handle.onRemove(['players'], (id, p) => id !== this.#me && toast(`${p.name} left.`)),
    );
  }

  #keys(): void {
    const kb = this.input.keyboard;
    kb?.on('keydown-ENTER', () => this.#chat?.open());
    kb?.on('keydown-Q', () => this.#actions.drop());
    kb?.on('keydown-E', () => this.#actions.interact());
    this.input.on(Phaser.Input.Events.POINTER_DOWN, (pointer: Phaser.Input.Pointer) => {
      const from = this.feet();
      if (this.#switching || from === undefined) return;
      clickMarker(this, pointer.worldX, pointer.worldY);
      void this.#controls.walkTo(from, { x: pointer.worldX, y: pointer.worldY });
    });
  }

  /** The local avatar's (predicted) feet position, once it is shown. */
  feet(): Point | undefined {
    const avatar = this.#binding?.get(this.#me);
    return avatar === undefined ? undefined : { x: avatar.x, y: avatar.y };
  }

  /** Half a round's walk plus a pixel: a click walk never oscillates around a waypoint. */
  #deadZone(): number {
    return (SPEED_SUB_PER_MS * this.#room.info().roundMs) / SUB / 2 + 1;
  }

  #sayHello(round: number): void {
    const name = this.p2p.session?.name;
    if (name === undefined) return;
    this.#helloRound = round;
    const last = this.#lastMe;
    try {
      // Walked into another leaf group (quadtree groups): arrive where the avatar stands.
      if (last !== undefined) {
        this.#room.room.send('arrive', { name, x: last.x, y: last.y, treasure: last.treasure });
        return;
      }
      this.#room.room.send('hello', { name, spawn: this.#data.spawn ?? this.#zone.map.spawns[0]!.id });
    } catch {
      // Left meanwhile: the next scene says hello in its zone.
    }
  }

  #onStatus(status: string): void {
    if (this.#switching) return;
    if (status === 'left') this.#fail({ code: DISCONNECTED, message: 'You left the zone.' });
    if (status !== 'dropped' || this.#rejoining) return;
    this.#rejoining = true;
    toast('Lost the link to this zone; rejoining…');
    void this.#room.room.rejoin().then((r) => {
      this.#rejoining = false;
      if (!r.ok) this.#fail({ code: DISCONNECTED, message: r.error.message });
    });
  }

  #fail(data: ErrorData): void {
    if (!this.scene.isActive()) return;
    this.scene.start('error', data);
  }

  /** Walks to the nearest door (the test driver's `useDoor`); resolves true on arrival. */
  walkToNearestDoor(): Promise<boolean> {
    const from = this.feet();
    const door = from === undefined ? undefined : nearestDoor(this.#zone.map, from);
    if (from === undefined || door === undefined) return Promise.resolve(false);
    return this.#controls.walkTo(from, { x: door.x + door.width / 2, y: door.y + door.height / 2 });
  }

  /** Walks to (x, y) (the test driver's `walkTo`). */
  walkTo(x: number, y: number): Promise<boolean> {
    const from = this.feet();
    return from === undefined ? Promise.resolve(false) : this.#controls.walkTo(from, { x, y });
  }

  get actions(): PlayerActions {
    return this.#actions;
  }

  get switching(): boolean {
    return this.#switching;
  }

  async #enter(door: Door): Promise<void> {
    const target = ZONES.get(door.zone);
    if (target === undefined || this.#switching) return;
    this.#switching = true;
    this.#controls.stop();
    carryTreasure(this.registry, this.#room.room.state.players[this.#me]?.treasure ?? 0);
    const fade = byId('fade');
    fade.textContent = door.zone === 'house' ? 'Entering the house…' : `Going to the ${door.zone}…`;
    show(fade, true);
    // The avatars go first: their prediction knows only this map.
    this.#binding?.unbind();
    this.#binding = undefined;
    this.p2p.items.hide();
    const spawn = spawnOf(target.map, door.spawn);
    const r = await this.p2p.switchZone(target.def, {
      room: target.room.definition,
      position: { x: spawn.x, y: spawn.y },
    });
    if (!r.ok) {
      show(fade, false);
      this.#fail({ code: r.error.code, message: r.error.message });
      return;
    }
    this.scene.restart({ spawn: door.spawn, entered: true } satisfies WorldData);
  }

  override update(time: number): void {
    if (this.#binding === undefined) return;
    for (const id of this.#binding.ids()) {
      const avatar = this.#binding.get(id);
      avatar?.setDepth(avatar.y);
    }
    const feet = this.feet();
    if (feet !== undefined && !this.#switching) {
      const door = doorAt(this.#zone.map, feet.x, feet.y);
      if (door !== undefined && door !== this.#lastDoor) void this.#enter(door);
      this.#lastDoor = door;
    }
    if (time - this.#hudAt >= HUD_EVERY_MS) {
      this.#hudAt = time;
      this.#hud?.render(hudModel(this.#room, this.#me, this.registry, this.#switching));
      this.#hud?.setStatusVisible(!this.p2p.overlay.visible);
    }
  }

  #shutdown(): void {
    for (const off of this.#offs.splice(0)) off();
    this.#chat?.dispose();
    this.#chat = undefined;
    this.#hud?.hide();
    this.#hud = undefined;
    this.#controls?.stop();
    this.#binding = undefined;
    this.#zoneView = undefined;
    // Phaser drops the scene's key and pointer listeners itself; the plugin drops its registrations.
  }
}
