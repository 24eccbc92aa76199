/**
 * Everything the generator writes, as file name -> bytes, computed in memory (no file system),
 * so the test can check that a second run yields the same bytes as the committed files.
 */
import type { Sheet } from './canvas';
import { buildHouse } from './house';
import { mapToJson } from './map-builder';
import { encodePng } from './png';
import { drawAvatarBase, drawAvatarTint, drawChest, drawDoorMarker, drawItems } from './sprites';
import { drawTileset } from './tiles';
import { buildTown } from './town';

/** Paths relative to `assets/generated/`, in the order they are written. */
export const OUTPUT_FILES = [
  'tiles.png',
  'avatar.png',
  'avatar-tint.png',
  'chest.png',
  'items.png',
  'door.png',
  'maps/town.json',
  'maps/house.json',
] as const;

/** One generated file's path (relative to `assets/generated/`). */
export type OutputFile = (typeof OUTPUT_FILES)[number];

const png = (sheet: Sheet): Uint8Array => encodePng(sheet.image);
const json = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Generates every file. Deterministic: same bytes on every run. */
export function generateAll(): Map<OutputFile, Uint8Array> {
  return new Map<OutputFile, Uint8Array>([
    ['tiles.png', png(drawTileset())],
    ['avatar.png', png(drawAvatarBase())],
    ['avatar-tint.png', png(drawAvatarTint())],
    ['chest.png', png(drawChest())],
    ['items.png', png(drawItems())],
    ['door.png', png(drawDoorMarker())],
    ['maps/town.json', json(mapToJson(buildTown()))],
    ['maps/house.json', json(mapToJson(buildHouse()))],
  ]);
}
