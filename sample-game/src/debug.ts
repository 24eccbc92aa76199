/**
 * Dev/test instrumentation: records uncaught errors into the model, and exposes the model as the
 * read-only `window.__p2p` handle (getters returning fresh snapshots; nothing can be written).
 */
import type { P2PDebugHandle } from './debug-handle';
import type { GameModel } from './model';

declare global {
  interface Window {
    __p2p?: P2PDebugHandle;
  }
}

/** Records `error` and `unhandledrejection` events of the page. */
export function recordUncaughtErrors(model: GameModel): void {
  window.addEventListener('error', (event) => {
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    model.recordError(`${describe(event.error ?? event.message)}${where}`);
  });
  window.addEventListener('unhandledrejection', (event) => {
    model.recordError(`unhandled rejection: ${describe(event.reason)}`);
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return String(value);
}

/** Defines `window.__p2p` over `model` (getter-only, non-writable, non-configurable). */
export function exposeDebugHandle(model: GameModel): void {
  const handle: P2PDebugHandle = Object.freeze({
    get state() {
      return model.phase;
    },
    get error() {
      return model.error;
    },
    get playerId() {
      return model.playerId;
    },
    get name() {
      return model.name;
    },
    get peers() {
      return model.peers;
    },
    get notes() {
      return model.notes;
    },
    get counters() {
      return model.counters();
    },
    get errors() {
      return model.errors;
    },
  });
  Object.defineProperty(window, '__p2p', { value: handle, writable: false, configurable: false, enumerable: false });
}
