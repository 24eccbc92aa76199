/**
 * The page's state: what the networking code has found out, in a form the scene renders and the
 * debug handle exposes. Networking writes it from timers and transport events; the scene only
 * reads it when told it changed.
 */
import type { AppError, AppPhase, NoteView, PeerView } from './debug-handle';

/** Most notes kept (oldest dropped first). */
const MAX_NOTES = 200;
/** Most recorded page errors kept. */
const MAX_ERRORS = 50;

export class GameModel {
  #phase: AppPhase = 'starting';
  #error: AppError | null = null;
  #playerId: string | null = null;
  #name: string | null = null;
  readonly #peers = new Map<string, PeerView>();
  readonly #notes: NoteView[] = [];
  readonly #errors: string[] = [];
  #counters: () => Readonly<Record<string, number>> = () => ({});
  readonly #listeners = new Set<() => void>();

  get phase(): AppPhase {
    return this.#phase;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get playerId(): string | null {
    return this.#playerId;
  }
  get name(): string | null {
    return this.#name;
  }
  get peers(): PeerView[] {
    return [...this.#peers.values()];
  }
  get notes(): NoteView[] {
    return [...this.#notes];
  }
  get errors(): string[] {
    return [...this.#errors];
  }
  counters(): Readonly<Record<string, number>> {
    return { ...this.#counters() };
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  setPhase(phase: AppPhase): void {
    if (this.#phase === 'error') return; // the error screen is final
    this.#phase = phase;
    this.#notify();
  }

  fail(error: AppError): void {
    if (this.#phase === 'error') return;
    this.#error = error;
    this.#phase = 'error';
    this.#notify();
  }

  setIdentity(playerId: string, name: string): void {
    this.#playerId = playerId;
    this.#name = name;
    this.#notify();
  }

  setCounterSource(source: () => Readonly<Record<string, number>>): void {
    this.#counters = source;
  }

  /** Adds or updates a peer, keeping fields not given. */
  upsertPeer(id: string, patch: Partial<Omit<PeerView, 'id'>>): void {
    const old = this.#peers.get(id) ?? { id, name: null, verified: false, connected: false };
    this.#peers.set(id, { ...old, ...patch, id });
    this.#notify();
  }

  addNote(note: NoteView): void {
    this.#notes.push(note);
    if (this.#notes.length > MAX_NOTES) this.#notes.shift();
    this.#notify();
  }

  recordError(text: string): void {
    this.#errors.push(text);
    if (this.#errors.length > MAX_ERRORS) this.#errors.shift();
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        // A broken listener must not stop the others (or the networking code that notified).
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
