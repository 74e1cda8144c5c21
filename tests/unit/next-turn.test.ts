// nextTurn (server/next-turn.ts) is what every long job on the server's thread (a dry run, a
// commit, a PowerPoint build) awaits between steps. It must let a burst of new connections in
// between two steps, not one per step as a single turn of Node 20's loop does.
import { channel } from 'node:diagnostics_channel';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TURNS, nextTurn } from '../../server/next-turn';

const oneTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

let server: http.Server;
let port: number;
/** The step of the running job at which each request was answered. */
let answeredAt: number[] = [];
let step = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    answeredAt.push(step);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** `viewers` new connections each send one request while a job runs 3 ms steps, yielding with `yieldFn`. */
async function burstDuringJob(viewers: number, yieldFn: () => Promise<void>) {
  answeredAt = [];
  step = 0;
  let running = true;
  const job = (async () => {
    while (running) {
      const t = performance.now();
      while (performance.now() - t < 3); // a step of synchronous work, as a chunk of SQLite writes
      step++;
      await yieldFn();
    }
  })();
  const sockets = Array.from({ length: viewers }, () => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n'),
    );
    socket.resume();
    return new Promise<void>((resolve, reject) => socket.on('close', () => resolve()).on('error', reject));
  });
  await Promise.all(sockets);
  running = false;
  await job;
  expect(answeredAt).toHaveLength(viewers);
  return Math.max(...answeredAt) - Math.min(...answeredAt);
}

describe('nextTurn', () => {
  it('lets a burst of 30 new connections in between two steps of a job', async () => {
    expect(await burstDuringJob(30, nextTurn)).toBeLessThanOrEqual(2);
  });

  it('is needed: with one turn per step, the same burst is let in one connection per step', async () => {
    // If this fails, Node accepts connections in a loop again (libuv PR #3696 undone) and the
    // extra turns in nextTurn are no longer what lets a burst in.
    expect(await burstDuringJob(30, oneTurn)).toBeGreaterThanOrEqual(20);
  });

  it('returns after one turn when nothing arrives', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    await nextTurn();
    counting = false;
    expect(turns).toBe(1);
  });

  it('resumes one waiting job per turn of the loop, so others are answered between any two steps', async () => {
    // Three jobs stepping at once, and a ticker that notes each turn of the loop. With a
    // setImmediate each, all three steps ran in one turn: a request waited for all of them.
    const events: string[] = [];
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      events.push('tick');
      setImmediate(tick);
    };
    setImmediate(tick);
    await Promise.all(
      [1, 2, 3].map(async (job) => {
        for (let i = 0; i < 5; i++) {
          events.push(`job${job}`);
          await nextTurn();
        }
      }),
    );
    ticking = false;
    const steps = events.filter((e) => e !== 'tick');
    expect(steps).toHaveLength(15);
    // Each job went on to the end, and the jobs took turns.
    for (const job of ['job1', 'job2', 'job3']) expect(steps.filter((e) => e === job)).toHaveLength(5);
    // After the first steps (all before the first turn), never two steps in one turn.
    const afterStart = events.slice(events.indexOf('tick'));
    const between = afterStart
      .join(' ')
      .split('tick')
      .map((part) => part.trim().split(' ').filter(Boolean).length);
    expect(Math.max(...between)).toBe(1);
  });

  it('gives at most MAX_TURNS turns however many requests keep arriving', async () => {
    // Requests arriving on every turn, as published by Node's HTTP server.
    const requestStart = channel('http.server.request.start');
    let turns = 0;
    let arriving = true;
    const arrive = () => {
      if (!arriving) return;
      turns++;
      requestStart.publish({});
      setImmediate(arrive);
    };
    setImmediate(arrive);
    await nextTurn();
    arriving = false;
    expect(turns).toBe(MAX_TURNS);
  });
});
