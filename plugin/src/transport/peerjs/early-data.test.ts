import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeFrames } from './framing';
import { PeerJsTransport } from './peerjs-transport';
import type { PeerJsConstructor, PeerJsDataConnection, PeerJsOptions, PeerJsPeer } from './peerjs-types';

type Handler = (...args: never[]) => void;

/** A minimal event emitter standing in for PeerJS's. */
class Events {
  #handlers = new Map<string, Handler[]>();
  on(event: string, fn: Handler): this {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), fn]);
    return this;
  }
  off(event: string, fn: Handler): this {
    this.#handlers.set(
      event,
      (this.#handlers.get(event) ?? []).filter((h) => h !== fn),
    );
    return this;
  }
  removeAllListeners(): this {
    this.#handlers.clear();
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const h of this.#handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
}

class FakeConn extends Events implements PeerJsDataConnection {
  open = false;
  constructor(readonly peer: string) {
    super();
  }
  send(): void {}
  close(): void {}
}

class FakePeer extends Events implements PeerJsPeer {
  static last: FakePeer | undefined;
  disconnected = false;
  destroyed = false;
  constructor(
    readonly id: string,
    _options: PeerJsOptions,
  ) {
    super();
    FakePeer.last = this;
    queueMicrotask(() => this.emit('open'));
  }
  connect(peer: string): PeerJsDataConnection {
    return new FakeConn(peer);
  }
  reconnect(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

const frames = (text: string): Uint8Array[] => encodeFrames(new TextEncoder().encode(text), 16_384);

describe('PeerJsTransport, data before open', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('delivers data that arrives before the open event, in order, right after open', async () => {
    vi.stubGlobal('RTCPeerConnection', class {});
    const created = await PeerJsTransport.create({
      id: 'me',
      host: 'localhost',
      port: 1,
      peerModule: FakePeer as unknown as PeerJsConstructor,
    });
    if (!created.ok) throw created.error;
    const t = created.value;
    const events: string[] = [];
    t.on('open', (p) => events.push(`open ${p}`));
    t.on('message', (p, m) => events.push(`${p}: ${new TextDecoder().decode(m)}`));
    const conn = new FakeConn('them');
    FakePeer.last?.emit('connection', conn);
    for (const f of [...frames('hello'), ...frames('second')]) conn.emit('data', f);
    expect(events).toEqual([]);
    conn.open = true;
    conn.emit('open');
    for (const f of frames('third')) conn.emit('data', f);
    expect(events).toEqual(['open them', 'them: hello', 'them: second', 'them: third']);
    expect(t.stats().messagesReceived).toBe(3);
    await t.close();
  });
});
