/**
 * The heads-up display: connection, zone, group size, round, latency and treasure (top left),
 * the players of the zone with their treasure (top right), and the key hints (bottom). Plain
 * DOM over the canvas: crisp at any scale, and readable by browser tests.
 */
import { byId, show } from './dom';

/** A player in the list. */
export interface HudPlayer {
  readonly name: string;
  readonly treasure: number;
  readonly color: number;
  readonly self: boolean;
}

/** What the HUD shows. */
export interface HudModel {
  /** The room's status (`joined`, `rejoining`, ...) or `switching`. */
  readonly status: string;
  readonly zone: string;
  readonly groupSize: number;
  readonly round: number | undefined;
  /** Mean round-trip time to the other members, ms; undefined when not measured (or alone). */
  readonly latencyMs: number | undefined;
  readonly treasure: number;
  readonly bag: Readonly<Record<string, number>>;
  readonly players: readonly HudPlayer[];
}

/** Mean of the measured round-trip times, rounded; undefined when none is known. */
export function meanRtt(rtts: readonly (number | undefined)[]): number | undefined {
  const known = rtts.filter((r): r is number => r !== undefined && Number.isFinite(r));
  if (known.length === 0) return undefined;
  return Math.round(known.reduce((a, b) => a + b, 0) / known.length);
}

/** "2 gems, 1 apple" (or "empty"). */
export function bagText(bag: Readonly<Record<string, number>>): string {
  const parts = Object.entries(bag)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'empty' : parts.join(', ');
}

const HINT =
  'Arrows/WASD or click: walk · Enter: chat · E: pick up / open chest · Q: drop an item · `: network overlay';

function field(name: string, label: string, value: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.dataset.field = name;
  span.dataset.value = value;
  span.textContent = `${label} ${value}`;
  return span;
}

/** The HUD's DOM elements. */
export class Hud {
  readonly #hud = byId('hud');
  readonly #players = byId('players');
  readonly #hint = byId('hint');

  constructor() {
    this.#hint.textContent = HINT;
    show(this.#hud, true);
    show(this.#players, true);
    show(this.#hint, true);
  }

  render(m: HudModel): void {
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.dataset.status = m.status;
    const first = document.createElement('div');
    first.append(
      dot,
      field('status', '', m.status),
      ' · ',
      field('zone', 'zone', m.zone),
      ' · ',
      field('group', 'group', String(m.groupSize)),
      ' · ',
      field('round', 'round', m.round === undefined ? '-' : String(m.round)),
      ' · ',
      field('latency', 'latency', m.latencyMs === undefined ? '-' : `${m.latencyMs} ms`),
    );
    const second = document.createElement('div');
    second.append(field('treasure', 'treasure', String(m.treasure)), ' · ', field('bag', 'bag:', bagText(m.bag)));
    this.#hud.replaceChildren(first, second);
    const title = document.createElement('div');
    title.className = 'muted';
    title.textContent = `Here (${m.players.length})`;
    const rows = [...m.players]
      .sort((a, b) => b.treasure - a.treasure || (a.name < b.name ? -1 : 1))
      .slice(0, 12)
      .map((p) => {
        const row = document.createElement('div');
        row.style.color = `#${p.color.toString(16).padStart(6, '0')}`;
        row.style.fontWeight = p.self ? 'bold' : 'normal';
        row.textContent = `${p.name}  ${p.treasure}`;
        return row;
      });
    this.#players.replaceChildren(title, ...rows);
  }

  /** Shows or hides the status box (the plugin's network overlay takes its corner). */
  setStatusVisible(visible: boolean): void {
    show(this.#hud, visible);
  }

  hide(): void {
    show(this.#hud, false);
    show(this.#players, false);
    show(this.#hint, false);
  }
}
