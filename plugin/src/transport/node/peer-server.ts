import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';

/** Options of {@link startPeerServer}. */
export interface LocalPeerServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** URL path of the server (default `/`). */
  path?: string;
  /**
   * How long an offer to an absent id waits before the server answers EXPIRE, which the
   * transport reports as `peer-unavailable` (PeerServer's default: 5000 ms).
   */
  expireTimeoutMs?: number;
}

/** A running PeerServer. */
export interface LocalPeerServer {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** Closes the WebSocket server, every socket and the HTTP server. */
  close(): Promise<void>;
}

/**
 * Starts a standalone PeerJS signalling server (the `peer` package, an optional peer dependency)
 * for tests and local runs. The authority server mounts `ExpressPeerServer` on its own port
 * instead. Note: PeerServer's two internal housekeeping timers cannot be stopped; they keep a
 * process alive after `close()` (test runners do not mind; a CLI should exit explicitly).
 */
export async function startPeerServer(options: LocalPeerServerOptions = {}): Promise<LocalPeerServer> {
  const { PeerServer } = await import('peer');
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/';
  const expire = options.expireTimeoutMs ?? 5000;
  let wss: WebSocketServer | undefined;
  const { WebSocketServer: Wss } = await import('ws');
  const server = await new Promise<Server>((resolve) => {
    PeerServer(
      {
        port: options.port ?? 0,
        host,
        path,
        expire_timeout: expire,
        cleanup_out_msgs: Math.max(50, Math.min(1000, Math.floor(expire / 4))),
        createWebSocketServer: (o) => {
          wss = new Wss(o);
          return wss;
        },
      },
      (s) => resolve(s as Server),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss?.clients ?? []) client.terminate();
        wss?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
