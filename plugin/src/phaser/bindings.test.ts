import { describe, expect, it } from 'vitest';
import { EntityBinding, type EntityPort } from './bindings';
import type { FieldValues } from './interpolation';

interface Player {
  readonly x: number;
  readonly y: number;
  readonly name: string;
}

interface FakeObject {
  readonly id: string;
  x: number;
  y: number;
  name: string;
  destroyed: number;
}

/** A port that records what the binding does to game objects. */
function fakePort(): EntityPort<Player, FakeObject> & { objects: Map<string, FakeObject>; log: string[] } {
  const objects = new Map<string, FakeObject>();
  const log: string[] = [];
  return {
    objects,
    log,
    create: (id, e) => {
      const obj = { id, x: Number.NaN, y: Number.NaN, name: e.name, destroyed: 0 };
      objects.set(id, obj);
      log.push(`create ${id}`);
      return obj;
    },
    update: (obj, e) => {
      obj.name = e.name;
      log.push(`update ${obj.id} ${e.name}`);
    },
    destroy: (obj) => {
      obj.destroyed++;
      log.push(`destroy ${obj.id}`);
    },
    place: (obj, v: FieldValues) => {
      obj.x = v.x!;
      obj.y = v.y!;
    },
  };
}

const R = 100;

describe('EntityBinding', () => {
  it('creates an object for each new entity, at its decided position', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 1, y: 2, name: 'A' }, b: { x: 3, y: 4, name: 'B' } }, 1, 100);
    expect(port.log).toEqual(['create a', 'create b']);
    expect(port.objects.get('a')).toMatchObject({ x: 1, y: 2 });
    expect(b.ids()).toEqual(['a', 'b']);
  });

  it('draws a remote entity moved between two rounds at the interpolated point', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 0, y: 0, name: 'A' } }, 1, 1 * R);
    b.apply({ a: { x: 100, y: 50, name: 'A' } }, 2, 2 * R);
    b.frame({ renderTime: 1.5 * R, predict: undefined });
    expect(port.objects.get('a')).toMatchObject({ x: 50, y: 25 });
    b.frame({ renderTime: 1.75 * R, predict: undefined });
    expect(port.objects.get('a')).toMatchObject({ x: 75, y: 37.5 });
  });

  it('calls update only when the decided entity changed', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    const a1 = { x: 0, y: 0, name: 'A' };
    b.apply({ a: a1 }, 1, R);
    b.apply({ a: a1 }, 2, 2 * R); // same object: nothing changed (immer keeps unchanged subtrees)
    b.apply({ a: { ...a1, name: 'A!' } }, 3, 3 * R);
    expect(port.log).toEqual(['create a', 'update a A!']);
  });

  it('destroys an entity removed from the state exactly once', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 0, y: 0, name: 'A' }, b: { x: 0, y: 0, name: 'B' } }, 1, R);
    const a = port.objects.get('a')!;
    b.apply({ b: { x: 0, y: 0, name: 'B' } }, 2, 2 * R);
    b.apply({ b: { x: 0, y: 0, name: 'B' } }, 3, 3 * R);
    b.apply({}, 4, 4 * R);
    expect(a.destroyed).toBe(1);
    expect(port.objects.get('b')!.destroyed).toBe(1);
    expect(port.log.filter((l) => l.startsWith('destroy'))).toEqual(['destroy a', 'destroy b']);
    expect(b.ids()).toEqual([]);
    expect(b.counters).toMatchObject({ created: 2, destroyed: 2 });
  });

  it('creates an entity again when it comes back after leaving', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 0, y: 0, name: 'A' } }, 1, R);
    b.apply({}, 2, 2 * R);
    b.apply({ a: { x: 9, y: 9, name: 'A' } }, 3, 3 * R);
    expect(port.log).toEqual(['create a', 'destroy a', 'create a']);
    b.frame({ renderTime: 0, predict: undefined });
    // The new object starts its own history: it is not interpolated from where the old one was.
    expect(port.objects.get('a')).toMatchObject({ x: 9, y: 9 });
  });

  it('predicts the local entity from its inputs and interpolates the others', () => {
    const port = fakePort();
    const b = new EntityBinding<Player, FakeObject, { dx: number }>(port, {
      fields: ['x', 'y'],
      localId: 'me',
      predict: (e, input, dt) => ({ ...e, x: e.x + input.dx * dt }),
    });
    b.apply({ me: { x: 0, y: 0, name: 'Me' }, other: { x: 0, y: 0, name: 'O' } }, 1, R);
    b.apply({ me: { x: 0, y: 0, name: 'Me' }, other: { x: 10, y: 0, name: 'O' } }, 2, 2 * R);
    b.input(3, { dx: 1 });
    b.frame({ renderTime: 1.5 * R, predict: { round: 3, roundStart: 3 * R, roundMs: R, now: 3 * R + 40 } });
    expect(port.objects.get('me')!.x).toBe(40);
    expect(port.objects.get('other')!.x).toBe(5);
    // The predicted entity is what update sees for the local player.
    expect(port.log).toContain('update me Me');
  });

  it('skips malformed entities without throwing, and reports a throwing callback', () => {
    const port = fakePort();
    const errors: string[] = [];
    const b = new EntityBinding(
      {
        ...port,
        create: (id, e) => {
          if (id === 'bad') throw new Error('no sprite');
          return port.create(id, e);
        },
      },
      { fields: ['x', 'y'], onError: (_e, where) => errors.push(where) },
    );
    b.apply(
      { a: 5, bad: { x: 0, y: 0, name: 'X' }, c: { x: 'far', y: 0, name: 'C' }, d: { x: 1, y: 1, name: 'D' } },
      1,
      R,
    );
    expect(b.ids()).toEqual(['c', 'd']);
    expect(errors).toEqual(['create']);
    expect(b.counters.malformed).toBe(2);
    // 'c' has no finite position: it is not placed at NaN, and has no decided position.
    expect(Object.keys(b.decided())).toEqual(['d']);
  });

  it('destroys every object once on clear, and can be fed again', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 0, y: 0, name: 'A' } }, 1, R);
    b.clear();
    b.clear();
    expect(port.objects.get('a')!.destroyed).toBe(1);
    b.apply({ a: { x: 0, y: 0, name: 'A' } }, 1, R);
    expect(port.log).toEqual(['create a', 'destroy a', 'create a']);
  });

  it('treats a missing collection as empty', () => {
    const port = fakePort();
    const b = new EntityBinding(port, { fields: ['x', 'y'] });
    b.apply({ a: { x: 0, y: 0, name: 'A' } }, 1, R);
    b.apply(undefined, 2, 2 * R);
    expect(port.objects.get('a')!.destroyed).toBe(1);
  });
});
