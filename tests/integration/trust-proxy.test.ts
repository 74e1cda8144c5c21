// Behind a real reverse proxy: Debian's nginx on loopback running deploy/nginx.conf (its ports and
// certificate paths swapped for the test's), HTTPS with a self-signed certificate made here by
// openssl. Issue 17 item 4 and issue 22 item 5: the client address in the audit log is the one
// nginx saw, whatever X-Forwarded-For the client sent, the session cookie is Secure, a 10 MB
// upload passes, health checks are for the machine only. Clients leave from 127.0.0.5 so their
// address differs from nginx's (127.0.0.1). Skipped without nginx.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { seedDemoAccounts } from '../../server/auth/demo-accounts';
import { readConfig } from '../../server/config';
import type { Db } from '../../server/db/connect';
import { syncPlan } from '../../server/plans/sync';
import { MAX_FILE_BYTES } from '../../server/upload/limits';
import { changping, migratedDb, repoRoot, silent } from '../fixtures';

const NGINX = '/usr/sbin/nginx';
const CLIENT = '127.0.0.5';
const FORGED = '6.6.6.6';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let dir: string;
let cert: Buffer;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plan-monitor-proxy-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(path.join(dir, 'cert.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** deploy/nginx.conf on the test's ports and certificate; each line swapped must still be there. */
function deployedSite(appPort: number, httpsPort: number, httpPort: number): string {
  let site = readFileSync(path.join(repoRoot, 'deploy/nginx.conf'), 'utf8');
  const swaps: [string, string][] = [
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${appPort};`],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`],
    ['/etc/ssl/certs/plan-monitor.crt', path.join(dir, 'cert.pem')],
    ['/etc/ssl/private/plan-monitor.key', path.join(dir, 'key.pem')],
  ];
  for (const [from, to] of swaps) {
    expect(site, `deploy/nginx.conf has "${from}"`).toContain(from);
    site = site.replace(from, to);
  }
  return site;
}

/** The app with TRUST_PROXY as given, and nginx in front of it over HTTPS. */
async function behindNginx(trustProxy: string) {
  const db = await migratedDb();
  await syncPlan(db, changping, silent);
  await seedDemoAccounts(db, silent);
  const app = await buildApp(db, {
    logLevel: 'silent',
    clientDir: '/nonexistent',
    trustProxy: readConfig({ TRUST_PROXY: trustProxy }, []).TRUST_PROXY,
  });
  const appPort = (await freePort()) || 0;
  await app.listen({ port: appPort, host: '127.0.0.1' });
  const proxyPort = await freePort();
  const conf = path.join(dir, `nginx-${proxyPort}.conf`);
  const site = path.join(dir, `site-${proxyPort}.conf`);
  writeFileSync(site, deployedSite(appPort, proxyPort, await freePort()));
  const temp = (name: string) => `${name} ${path.join(dir, `${name}-${proxyPort}`)};`;
  writeFileSync(
    conf,
    `daemon off;
master_process off;
pid ${path.join(dir, `nginx-${proxyPort}.pid`)};
error_log ${path.join(dir, `error-${proxyPort}.log`)} warn;
events { worker_connections 64; }
http {
  access_log off;
  ${temp('client_body_temp_path')}
  ${temp('proxy_temp_path')}
  ${temp('fastcgi_temp_path')}
  ${temp('uwsgi_temp_path')}
  ${temp('scgi_temp_path')}
  include ${site};
}
`,
  );
  const nginx: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', path.join(dir, `stderr-${proxyPort}.log`)], {
    stdio: 'ignore',
  });
  // Ready when it answers.
  for (let i = 0; ; i++) {
    const up = await send('https', proxyPort, '/trpc/plan.list', null).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (i > 100)
      throw new Error(`nginx did not start: ${readFileSync(path.join(dir, `error-${proxyPort}.log`), 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const close = async () => {
    nginx.kill('SIGTERM');
    await new Promise((r) => nginx.once('exit', r));
    await app.close();
    await db.destroy();
  };
  return { db, appPort, proxyPort, close };
}

/** A request from 127.0.0.5, over HTTPS to nginx or plain HTTP straight to the app. */
function send(
  scheme: 'http' | 'https',
  port: number,
  urlPath: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; setCookie: string[]; text: string }> {
  // A Buffer goes as it is (its content type among `headers`); anything else as JSON.
  const data = body === null ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const options = {
    host: '127.0.0.1',
    port,
    path: urlPath,
    localAddress: CLIENT,
    method: data === undefined ? 'GET' : 'POST',
    headers: {
      ...(data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }),
      ...headers,
    },
  };
  return new Promise((resolve, reject) => {
    const done = (res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], text }));
    };
    const req =
      scheme === 'https'
        ? httpsRequest({ ...options, ca: cert, servername: 'localhost' }, done)
        : httpRequest(options, done);
    req.on('error', reject);
    req.end(data);
  });
}

const loginIps = (db: Db) =>
  db
    .selectFrom('auditLog')
    .select('ip')
    .where('action', 'like', 'login.%')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => r.ip));

describe.skipIf(!existsSync(NGINX))('behind nginx over HTTPS', { timeout: 120_000 }, () => {
  for (const setting of ['127.0.0.1', '1'])
    it(`TRUST_PROXY=${setting}: the audit log has the address nginx saw, not a forged one, and the cookie is Secure`, async () => {
      const proxy = await behindNginx(setting);
      try {
        const login = { username: 'stat-finance', password: 'demo1234' };
        const res = await send('https', proxy.proxyPort, '/trpc/auth.login', login, {
          'x-forwarded-for': FORGED,
          // What a browser at the proxy's address sends; the app compares it with the forwarded scheme.
          origin: `https://127.0.0.1:${proxy.proxyPort}`,
        });
        expect(res.status).toBe(200);
        expect(res.setCookie.find((c) => c.startsWith('pm_session='))).toMatch(/; Secure/);
        expect(await loginIps(proxy.db)).toEqual([CLIENT]);
        const session = await proxy.db.selectFrom('sessions').select('ip').executeTakeFirstOrThrow();
        expect(session.ip).toBe(CLIENT);
      } finally {
        await proxy.close();
      }
    });

  it('TRUST_PROXY=127.0.0.1: a client reaching the app directly cannot claim another address or HTTPS', async () => {
    const proxy = await behindNginx('127.0.0.1');
    try {
      const res = await send(
        'http',
        proxy.appPort,
        '/trpc/auth.login',
        { username: 'stat-finance', password: 'demo1234' },
        { 'x-forwarded-for': FORGED, 'x-forwarded-proto': 'https' },
      );
      expect(res.status).toBe(200);
      expect(res.setCookie.find((c) => c.startsWith('pm_session='))).not.toMatch(/Secure/);
      expect(await loginIps(proxy.db)).toEqual([CLIENT]);
    } finally {
      await proxy.close();
    }
  });

  it('deploy/nginx.conf passes a 10 MB upload to the server, and keeps health checks to the machine', async () => {
    const proxy = await behindNginx('127.0.0.1');
    try {
      const origin = `https://127.0.0.1:${proxy.proxyPort}`;
      const login = await send(
        'https',
        proxy.proxyPort,
        '/trpc/auth.login',
        { username: 'stat-finance', password: 'demo1234' },
        { origin },
      );
      const cookie = login.setCookie.find((c) => c.startsWith('pm_session='))!.split(';')[0]!;
      // One figure, then blank rows up to the 10 MB upload limit (blank rows are not counted).
      const head = '指标代码,指标名称,本月数值,报告期,备注\r\nI-41-2,供应产业用地,1200,2022-10,\r\n';
      const csv = Buffer.alloc(MAX_FILE_BYTES - 1024, ',,,,\r\n');
      csv.write(head);
      const boundary = 'plan-monitor-test-boundary';
      const part = (name: string, value: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body = Buffer.concat([
        Buffer.from(
          part('plan', 'changping-2022') +
            part('period', '2022-10') +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        csv,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      expect(body.length).toBeGreaterThan(10_000_000);
      const res = await send('https', proxy.proxyPort, '/api/uploads/preview', body, {
        cookie,
        origin,
        'x-plan-monitor-upload': '1',
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect((JSON.parse(res.text) as { summary: { rows: number } }).summary.rows).toBe(1);
      const stored = await proxy.db.selectFrom('uploads').select('fileSize').executeTakeFirstOrThrow();
      expect(stored.fileSize).toBe(csv.length);

      // From another address through the proxy: refused by nginx; on the machine itself: answered.
      expect((await send('https', proxy.proxyPort, '/healthz', null)).status).toBe(403);
      expect((await send('http', proxy.appPort, '/healthz', null)).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });
});
