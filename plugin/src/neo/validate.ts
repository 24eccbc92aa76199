import { err, ok, type Result } from '../util/result';
import { NEO_MAX_MEMBERS } from '../wire/messages/neo-common';
import type { NeoConfig } from './config';
import { NeoConfigError } from './errors';
import type { NeoGroupOptions } from './options';
import type { Epoch } from './schedule';

const PEER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks `options.start`: the founding epoch (undefined for a join), or the option that is wrong. */
export function validateStart(options: NeoGroupOptions, config: NeoConfig): Result<Epoch | undefined, NeoConfigError> {
  const self = options.transport.id;
  const ctx = options.context;
  for (const key of ['gameId', 'zone', 'cell'] as const) {
    if (typeof ctx?.[key] !== 'string') return err(new NeoConfigError(`context.${key}`, 'expected a string'));
  }
  if (options.signer?.publicKey?.length !== 32) return err(new NeoConfigError('signer.publicKey', 'expected 32 bytes'));
  if ('join' in options.start) {
    const via = options.start.join.via;
    if (!Array.isArray(via) || via.length === 0 || via.some((v) => !PEER_ID.test(v) || v === self)) {
      return err(new NeoConfigError('start.join.via', 'expected at least one member id other than ours'));
    }
    return ok(undefined);
  }
  const e = options.start.epoch;
  const bad = (field: string, why: string) => err(new NeoConfigError(`start.epoch.${field}`, why));
  if (!Number.isSafeInteger(e.epoch) || e.epoch < 0) return bad('epoch', 'expected a non-negative integer');
  if (!Number.isSafeInteger(e.firstRound) || e.firstRound < 0)
    return bad('firstRound', 'expected a non-negative integer');
  if (!Number.isFinite(e.t0) || e.t0 < 0) return bad('t0', 'expected a time in ms');
  if (!Number.isSafeInteger(e.roundMs) || e.roundMs < 1 || e.roundMs > 60_000)
    return bad('roundMs', 'expected 1..60000');
  if (!Number.isSafeInteger(e.k) || e.k < 1 || e.k > config.maxK) return bad('k', `expected 1..${config.maxK}`);
  const m = e.members;
  if (!Array.isArray(m) || m.length === 0 || m.length > NEO_MAX_MEMBERS)
    return bad('members', `expected 1..${NEO_MAX_MEMBERS} ids`);
  for (let i = 0; i < m.length; i++) {
    if (!PEER_ID.test(m[i]!)) return bad('members', `invalid peer id at ${i}`);
    if (i > 0 && !(m[i - 1]! < m[i]!)) return bad('members', 'expected ids sorted ascending without duplicates');
  }
  if (!m.includes(self)) return bad('members', `does not include this member (${self})`);
  return ok(e);
}
