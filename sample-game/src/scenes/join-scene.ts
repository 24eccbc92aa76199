/**
 * The join screen over a slowly drifting view of the town. With `?name=NAME` it joins at once as
 * NAME (the progress list follows `this.p2p.events.on('progress')`); without, it shows the name
 * form, pre-filled with the name this browser last played as. Joined: on to the world.
 */
import * as Phaser from 'phaser';
import { indexedDbKeyStore } from 'phaser-p2p-mmo';
import { JoinProgress, nameProblem, showJoinForm } from '../ui/join-screen';
import { nameFromUrl } from '../ui/url';
import { spawnOf } from '../world/map';
import { TOWN } from '../world/maps';
import type { ErrorData } from './error-scene';
import { groupsFromUrl, testHooksFromUrl, zoneFromUrl } from './test-knobs';
import type { WorldData } from './world-scene';
import { ZoneView } from './zone-view';

/** The town's spawn players start at. */
export const START_SPAWN = 'square';

async function lastName(): Promise<string | undefined> {
  try {
    return await indexedDbKeyStore().lastName();
  } catch {
    return undefined;
  }
}

/** See the module comment. */
export class JoinScene extends Phaser.Scene {
  constructor() {
    super('join');
  }

  create(): void {
    new ZoneView(this, TOWN.map);
    const cam = this.cameras.main.setBounds(0, 0, TOWN.map.bounds.width, TOWN.map.bounds.height);
    const start = TOWN.map.spawns[0]!;
    cam.centerOn(start.x - 300, start.y - 200);
    this.tweens.add({ targets: cam, scrollX: cam.scrollX + 600, duration: 40_000, yoyo: true, repeat: -1 });
    const name = nameFromUrl();
    if (name === undefined || nameProblem(name) !== undefined) {
      void lastName().then((last) => showJoinForm(name ?? last));
      return;
    }
    void this.#join(name);
  }

  async #join(name: string): Promise<void> {
    const progress = new JoinProgress(name);
    this.p2p.events.on('progress', (step) => progress.mark(step));
    let failure: ErrorData;
    try {
      const testHooks = await testHooksFromUrl();
      const groups = groupsFromUrl();
      const start = spawnOf(TOWN.map, START_SPAWN);
      const joined = await this.p2p.join({
        name,
        zone: zoneFromUrl(TOWN.def),
        room: TOWN.room.definition,
        debug: __P2P_DEBUG__,
        ...(testHooks === undefined ? {} : { testHooks }),
        ...(groups === undefined ? {} : { groups: { ...groups, position: { x: start.x, y: start.y } } }),
      });
      if (joined.ok) {
        progress.finish();
        this.scene.start('world', { spawn: START_SPAWN } satisfies WorldData);
        return;
      }
      failure = { code: joined.error.code, message: joined.error.message };
    } catch (error) {
      failure = { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
    this.scene.start('error', failure);
  }
}
