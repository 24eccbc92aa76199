import type { Clock } from '../../clock';
import { err, ok, type Result } from '../../util/result';
import { TransportError, TransportErrorCode } from '../transport';
import type { PeerJsConstructor, PeerJsError, PeerJsOptions, PeerJsPeer } from './peerjs-types';

/** What {@link openPeer} needs. */
export interface OpenPeerOptions {
  id: string;
  Peer: PeerJsConstructor;
  peerOptions: PeerJsOptions;
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Registers `id` on the signalling server; resolves once the server confirmed it (PeerJS `open`)
 * with the peer, or with a clear error (server unreachable, id taken, no WebRTC, timeout, abort).
 * `onOpen` runs synchronously inside PeerJS's `open` event, before any offer can be handled.
 */
export function openPeer<T>(
  options: OpenPeerOptions,
  onOpen: (peer: PeerJsPeer) => T,
): Promise<Result<T, TransportError>> {
  const { id, peerOptions, clock, signal } = options;
  if (signal?.aborted) return Promise.resolve(err(new TransportError(TransportErrorCode.Aborted, 'create aborted')));
  if (typeof globalThis.RTCPeerConnection !== 'function') {
    return Promise.resolve(
      err(
        new TransportError(
          TransportErrorCode.Network,
          'WebRTC is unavailable here (no RTCPeerConnection); in Node use createNodePeerJsTransport from the ./node entry',
        ),
      ),
    );
  }
  let peer: PeerJsPeer;
  try {
    peer = new options.Peer(id, peerOptions);
  } catch (cause) {
    return Promise.resolve(err(new TransportError(TransportErrorCode.Network, 'PeerJS refused to start', { cause })));
  }
  const where = `${peerOptions.secure ? 'wss' : 'ws'}://${peerOptions.host}:${peerOptions.port}${peerOptions.path}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Result<T, TransportError> | TransportError): void => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      peer.off('open', onPeerOpen);
      peer.off('error', onError);
      if (result instanceof TransportError) {
        peer.destroy();
        resolve(err(result));
      } else resolve(result);
    };
    const onPeerOpen = (): void => finish(ok(onOpen(peer)));
    const onError = (e: PeerJsError): void => finish(describe(e, id, where));
    const onAbort = (): void => finish(new TransportError(TransportErrorCode.Aborted, 'create aborted'));
    const timer = clock.setTimeout(
      () => finish(new TransportError(TransportErrorCode.Timeout, `signalling server ${where} did not confirm ${id}`)),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    peer.on('open', onPeerOpen);
    peer.on('error', onError);
  });
}

function describe(e: PeerJsError, id: string, where: string): TransportError {
  const code = TransportErrorCode.Network;
  switch (e.type) {
    case 'unavailable-id':
      return new TransportError(code, `id "${id}" is taken on the signalling server ${where}`, { cause: e });
    case 'invalid-id':
      return new TransportError(code, `"${id}" is not a valid PeerJS id (letters, digits, inner - _ or space)`, {
        cause: e,
      });
    case 'browser-incompatible':
      return new TransportError(code, 'WebRTC data channels are unavailable here', { cause: e });
    case 'network':
    case 'socket-error':
    case 'socket-closed':
    case 'server-error':
      return new TransportError(code, `signalling server ${where} is unreachable (${e.message})`, { cause: e });
    default:
      return new TransportError(code, `PeerJS failed to start: ${e.type ?? 'error'}: ${e.message}`, { cause: e });
  }
}
