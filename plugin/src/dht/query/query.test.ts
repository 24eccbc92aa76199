import { describe, expect, it } from 'vitest';
import { ok } from '../../util/result';
import type { QueryEvent } from './events';
import { DhtQuery } from './query';

describe('DhtQuery', () => {
  it('streams progress events to every iterator, late ones included, and ends when settled', async () => {
    let finish: () => void = () => {};
    const query = new DhtQuery<number>(async (emit) => {
      emit({ type: 'sending', to: 'a', hops: 1 });
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      emit({ type: 'done', queried: 1 });
      return ok(42);
    });
    const early: QueryEvent[] = [];
    const reading = (async () => {
      for await (const e of query) early.push(e);
    })();
    await Promise.resolve();
    finish();
    expect(await query.result).toEqual({ ok: true, value: 42 });
    await reading;
    const late: string[] = [];
    for await (const e of query.events) late.push(e.type);
    expect(early.map((e) => e.type)).toEqual(['sending', 'done']);
    expect(late).toEqual(['sending', 'done']);
    expect(query.recorded).toHaveLength(2);
  });
});
