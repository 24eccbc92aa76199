import { afterEach, describe, expect, it } from 'vitest';
import { TimerScope } from './peer-timers';

let scope: TimerScope | undefined;
afterEach(() => scope?.close());

describe('TimerScope', () => {
  it('records self-rescheduling loops started inside it and stops them on close', async () => {
    scope = new TimerScope();
    let ticks = 0;
    const loop = (): void => {
      setTimeout(() => {
        ticks++;
        loop();
      }, 1);
    };
    scope.run(loop);
    expect(scope.pending).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks).toBeGreaterThan(1);
    expect(scope.pending).toBe(1);
    scope.close();
    const stopped = ticks;
    await new Promise((r) => setTimeout(r, 20));
    expect([ticks, scope.pending]).toEqual([stopped, 0]);
  });

  it('restores the global setTimeout after running, even when the code throws', () => {
    scope = new TimerScope();
    const original = globalThis.setTimeout;
    expect(() =>
      scope?.run(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(globalThis.setTimeout).toBe(original);
  });
});
