/** The default transport of a session: PeerJS on the authority's own signalling server. */
import { PEERJS_PATH } from '../auth/protocol';
import { type Clock, sleep } from '../clock/clock';
import { PeerJsTransport } from '../transport/peerjs/peerjs-transport';
import { type Transport, TransportError, TransportErrorCode } from '../transport/transport';
import { err, type Result } from '../util/result';
import type { OpenTransport } from './options';

/** Attempts to register our id on the signalling server, and the pause between them. */
export const OPEN_ATTEMPTS = 4;
export const OPEN_RETRY_MS = 2_000;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `error` says the signalling server still holds our id (another tab, or a reload racing its cleanup). */
export function isIdTaken(error: TransportError): boolean {
  return (error.cause as { type?: unknown } | undefined)?.type === 'unavailable-id';
}

/**
 * Opens a {@link PeerJsTransport} on the host of `authorityUrl` (`''`: the page's own origin) at
 * `PEERJS_PATH`. A reload can race the signalling server dropping our previous socket (id still
 * taken), so a failure is retried a few times. On a local host, no ICE servers are needed (host
 * candidates suffice); elsewhere PeerJS's default STUN/TURN servers apply unless `iceServers` is given.
 */
export function peerJsOpener(params: {
  readonly authorityUrl: string;
  readonly iceServers: readonly RTCIceServer[] | undefined;
  readonly clock: Clock;
  /** Attempts (default {@link OPEN_ATTEMPTS}) and the pause between them (default {@link OPEN_RETRY_MS}). */
  readonly attempts?: number;
  readonly retryMs?: number;
}): OpenTransport {
  const attempts = params.attempts ?? OPEN_ATTEMPTS;
  const retryMs = params.retryMs ?? OPEN_RETRY_MS;
  return async (playerId, signal) => {
    const base = params.authorityUrl !== '' ? params.authorityUrl : globalThis.location?.href;
    if (base === undefined) {
      return err(
        new TransportError(TransportErrorCode.Network, 'no authority URL: pass `authorityUrl` outside a browser'),
      );
    }
    const url = new URL(base);
    const secure = url.protocol === 'https:';
    const iceServers = params.iceServers ?? (LOCAL_HOSTS.has(url.hostname) ? [] : undefined);
    let last: Result<Transport, TransportError> | undefined;
    for (let attempt = 0; attempt < attempts && !signal?.aborted; attempt++) {
      if (attempt > 0) await sleep(params.clock, retryMs, signal).catch(() => undefined);
      if (signal?.aborted) break;
      last = await PeerJsTransport.create({
        id: playerId,
        host: url.hostname,
        port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
        path: PEERJS_PATH,
        secure,
        clock: params.clock,
        ...(iceServers === undefined ? {} : { config: { iceServers: [...iceServers] } }),
        signal,
      });
      if (last.ok) return last;
    }
    return last ?? err(new TransportError(TransportErrorCode.Aborted, 'opening the transport was aborted'));
  };
}
