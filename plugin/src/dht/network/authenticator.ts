import type { PeerDirectory } from '../../peers';
import type { PeerId } from '../../transport/transport';

/**
 * Tells the DHT whether the sender id the transport reports is authenticated. The DHT trusts a
 * contact's node id only when its first 16 bytes equal an authenticated sender id, so nobody can
 * choose where it sits in the keyspace.
 */
export interface PeerAuthenticator {
  /** Whether messages from `peer` on its current link come from that player (fast path). */
  isAuthenticated(peer: PeerId): boolean;
  /** Resolves `true` once `peer`'s link is authenticated, `false` when refused, closed or aborted. */
  whenAuthenticated(peer: PeerId, signal?: AbortSignal): Promise<boolean>;
  /** The verified Ed25519 key of `peer`, when known: then the whole node id must be its hash32. */
  signKeyOf?(peer: PeerId): Uint8Array | undefined;
}

/**
 * For transports that authenticate senders themselves (`SimNetwork`: a peer cannot send under
 * another id). Never use it over PeerJS, where ids are only names at the signalling server.
 */
export const transportAuthenticator: PeerAuthenticator = {
  isAuthenticated: () => true,
  whenAuthenticated: () => Promise.resolve(true),
};

/**
 * Authentication by the signed `hello` handshake of a {@link PeerDirectory} (PeerJS links): a
 * peer is authenticated once its hello checked out on the current link.
 */
export function peerDirectoryAuthenticator(directory: PeerDirectory): PeerAuthenticator {
  return {
    isAuthenticated: (peer) => directory.peer(peer) !== undefined,
    signKeyOf: (peer) => directory.peer(peer)?.sign,
    whenAuthenticated(peer, signal) {
      if (directory.peer(peer) !== undefined) return Promise.resolve(true);
      if (signal?.aborted) return Promise.resolve(false);
      return new Promise((resolve) => {
        const offs: (() => void)[] = [];
        const finish = (value: boolean): void => {
          for (const off of offs.splice(0)) off();
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        };
        const onAbort = (): void => finish(false);
        offs.push(
          directory.on('verified', (p) => {
            if (p.id === peer) finish(true);
          }),
          directory.on('refused', (from) => {
            if (from === peer) finish(false);
          }),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
