import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorityServer } from './options';
import { removeDir, startTestServer, tempDataDir } from './testing';

let server: AuthorityServer;
let dataDir: string;
const root = tempDataDir();
const site = join(root, 'site');

beforeAll(async () => {
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>game</title>');
  writeFileSync(join(site, 'assets', 'main.js'), 'console.log(1);');
  writeFileSync(join(site, 'assets', 'tiles.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(site, 'assets', 'map.json'), '{}');
  writeFileSync(join(site, '.secret'), 'HIDDEN-CONTENT');
  writeFileSync(join(root, 'outside.txt'), 'OUTSIDE-CONTENT');
  ({ server, dataDir } = await startTestServer({ staticDir: site }));
});

afterAll(async () => {
  await server.close();
  removeDir(dataDir);
  removeDir(root);
});

/** A GET with the raw path (fetch would normalise `..` away). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  it.each([
    ['/', 'text/html'],
    ['/index.html', 'text/html'],
    ['/assets/main.js', 'application/javascript'],
    ['/assets/tiles.png', 'image/png'],
    ['/assets/map.json', 'application/json'],
  ])('serves %s as %s', async (path, type) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/.secret', '/missing.js'])(
    'does not serve %s',
    async (path) => {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('OUTSIDE-CONTENT');
      expect(res.body).not.toContain('HIDDEN-CONTENT');
      expect(JSON.parse(res.body)).toHaveProperty('error');
    },
  );

  it('keeps the API and its JSON 404 in front of the static files', async () => {
    const res = await fetch(`${server.url}/api/missing`);
    expect([res.status, await res.json()]).toEqual([404, { error: 'not found: GET /api/missing' }]);
  });
});
