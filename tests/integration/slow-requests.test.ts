// A client that trickles its request body (a byte at a time, for ever) is answered 408 and
// disconnected once the request timeout (REQUEST_TIMEOUT_S, shortened here) has passed, so fifty
// of them cannot hold fifty connections open; a body sent in a few pieces within it is answered.
import { connect } from 'node:net';
import { describe, expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import type { Db } from '../../server/db/connect';
import { test } from '../fixtures';

const BODY = JSON.stringify({ username: 'nobody', password: 'x'.repeat(500) });

async function serve(db: Db) {
  const app = await buildApp(db, { logLevel: 'silent', clientDir: '/nonexistent', requestTimeoutMs: 1_000 });
  const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
  onTestFinished(() => app.close());
  return Number(url.port);
}

/**
 * POST a JSON body to `port` (to auth.logout: no rate limit answers it before the body has come),
 * `step` bytes every `everyMs`; what came back once the server closed the connection.
 */
function send(port: number, step: number, everyMs: number) {
  return new Promise<{ answer: string; sentAll: boolean }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.write(
      `POST /trpc/auth.logout HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nOrigin: http://127.0.0.1:${port}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n`,
    );
    const timer = setInterval(() => {
      if (socket.destroyed || sent === BODY.length) return;
      socket.write(BODY.slice(sent, sent + step));
      sent = Math.min(BODY.length, sent + step);
    }, everyMs);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, sentAll: sent === BODY.length });
    });
  });
}

describe('request timeout', { timeout: 30_000 }, () => {
  test('fifty bodies trickled a byte every 50 ms are answered 408 and disconnected', async ({ emptyDb }) => {
    const port = await serve(emptyDb);
    // At a byte per 50 ms the body would take ~26 s; the timeout is 1 s.
    const results = await Promise.all(Array.from({ length: 50 }, () => send(port, 1, 50)));
    for (const { answer, sentAll } of results) {
      expect(sentAll).toBe(false);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    }
  });

  test('a body sent in a few pieces within the timeout is answered as usual', async ({ emptyDb }) => {
    const port = await serve(emptyDb);
    const { answer, sentAll } = await send(port, Math.ceil(BODY.length / 3), 50);
    expect(sentAll).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('closing the server', { timeout: 30_000 }, () => {
  test('close() ends once the grace period has passed, even with a body still arriving', async ({ emptyDb }) => {
    // The request timeout is far away (60 s): only the grace period can end the connection.
    const app = await buildApp(emptyDb, { logLevel: 'silent', clientDir: '/nonexistent', closeGraceMs: 300 });
    const port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => {});
    socket.write(
      `POST /trpc/auth.logout HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await app.close();
    await closed;
    // Not at once (the request had its grace period), and long before the request timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
