import type { Rect } from '../zone';
import { EntityBinding } from './bindings';
import type { FieldValues } from './interpolation';
import type { ResolvedViewOptions } from './options';
import type { EntityBindingDecl } from './types';

/**
 * The few things the plugin does to a game object it did not make itself. They are duck-typed
 * (any Phaser `GameObject` fits: `x`/`y` setters, `destroy()`), so the root entry of the
 * package never has to load Phaser (it would fail in Node, where the authority runs).
 */

/** Default `destroy` of bindings and items: `obj.destroy()` when the object has one. */
export function destroyObject(obj: unknown): void {
  if (typeof obj === 'object' && obj !== null) {
    const destroy = (obj as { destroy?: unknown }).destroy;
    if (typeof destroy === 'function') destroy.call(obj);
  }
}

/** Default `place` of bindings: assigns each field (`obj.x = values.x` ...). */
export function placeObject(obj: unknown, values: FieldValues): void {
  if (typeof obj !== 'object' || obj === null) return;
  const target = obj as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) target[field] = value;
}

/** A camera's world view as a plain rectangle (Phaser's `camera.worldView` is a live `Rectangle`). */
export function viewRect(view: { x: number; y: number; width: number; height: number } | undefined): Rect | undefined {
  if (view === undefined || !(view.width > 0 && view.height > 0)) return undefined;
  return { x: view.x, y: view.y, width: view.width, height: view.height };
}

/**
 * The binding reconciler of a game's declaration in one room: its callbacks (or the defaults
 * above) as the port, the local player predicted when the declaration says how.
 */
export function bindingFromDecl(
  decl: EntityBindingDecl<object, unknown, unknown>,
  self: string,
  view: ResolvedViewOptions,
  onError: (error: unknown, where: string) => void,
): EntityBinding<object, unknown, unknown> {
  return new EntityBinding<object, unknown, unknown>(
    {
      create: (id, e) => decl.create(id, e),
      update: (obj, e, id) => decl.update?.(obj, e, id),
      destroy: (obj, id) => (decl.destroy ? decl.destroy(obj, id) : destroyObject(obj)),
      place: (obj, values, id) => (decl.place ? decl.place(obj, values, id) : placeObject(obj, values)),
    },
    {
      fields: decl.fields,
      localId: self,
      ...(decl.local === undefined ? {} : { predict: decl.local.predict }),
      blendMs: view.blendMs,
      snapDistance: view.snapDistance,
      onError,
    },
  );
}
