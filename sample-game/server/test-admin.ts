/**
 * Test-only admin endpoint, started only when `P2P_TEST_ADMIN_TOKEN` is set (the e2e web server
 * sets it): `POST http://127.0.0.1:$P2P_TEST_ADMIN_PORT/ban?id=ID&reason=R` with header
 * `authorization: Bearer TOKEN` calls `server.ban(id, reason)`. Listens on loopback only.
 */
import { createServer, type Server } from 'node:http';

/** What the endpoint needs of the authority server. */
export interface Bannable {
  ban(playerId: string, reason: string): Promise<unknown>;
}

/** Starts the endpoint when the environment asks for it; resolves with its server, or undefined. */
export async function startTestAdmin(authority: Bannable, env = process.env): Promise<Server | undefined> {
  const token = env.P2P_TEST_ADMIN_TOKEN;
  if (token === undefined || token.length < 16) return undefined;
  const port = Number(env.P2P_TEST_ADMIN_PORT ?? '0');
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'unauthorized' });
    const id = url.searchParams.get('id');
    if (req.method !== 'POST' || url.pathname !== '/ban' || id === null) return reply(404, { error: 'not found' });
    authority.ban(id, url.searchParams.get('reason') ?? 'test ban').then(
      () => reply(200, { banned: id }),
      (error: unknown) => reply(500, { error: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
