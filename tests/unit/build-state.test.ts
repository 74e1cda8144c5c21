// `npm start` builds the client and the server only when what they are built from changed
// (server/build-state.ts).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStale, CLIENT_BUILD, SERVER_BUILD } from '../../server/build-state';

const BUILD_STAMP = CLIENT_BUILD.stamp;
const clientBuildStale = (at: string) => buildStale(at, CLIENT_BUILD);

let root: string;
const at = (file: string, minutesAgo: number, text = 'x') => {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  const when = new Date(Date.now() - minutesAgo * 60_000);
  utimesSync(full, when, when);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'plan-monitor-build-'));
  at('client/main.tsx', 30);
  at('client/pages/OverviewPage.tsx', 30);
  at('shared/status.ts', 30);
  at('vite.config.ts', 30);
  at('package-lock.json', 30);
  at('server/app.ts', 30);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('is the client build stale', () => {
  it('without a build, yes', () => {
    expect(clientBuildStale(root)).toBe('no build yet');
  });

  it('a build newer than every source is up to date; the server’s own files do not count', () => {
    at(BUILD_STAMP, 10);
    expect(clientBuildStale(root)).toBeNull();
    at('server/app.ts', 1);
    expect(clientBuildStale(root)).toBeNull();
  });

  it('a client file deep in a folder, a shared rule, the vite config or the lock file newer than the build: stale, naming it', () => {
    for (const changed of [
      'client/pages/OverviewPage.tsx',
      'shared/status.ts',
      'vite.config.ts',
      'package-lock.json',
    ]) {
      at(BUILD_STAMP, 10);
      at(changed, 1);
      expect(clientBuildStale(root)).toBe(`${changed} changed since the last build`);
      at(changed, 30);
    }
  });
});

describe('is the server build stale', () => {
  it('without a build, yes; a build newer than server/ and shared/ is up to date; the client’s files do not count', () => {
    expect(buildStale(root, SERVER_BUILD)).toBe('no build yet');
    at(SERVER_BUILD.stamp, 10);
    expect(buildStale(root, SERVER_BUILD)).toBeNull();
    at('client/pages/OverviewPage.tsx', 1);
    expect(buildStale(root, SERVER_BUILD)).toBeNull();
  });

  it('a server file deep in a folder, a shared rule or the lock file newer than the build: stale, naming it', () => {
    for (const changed of ['server/app.ts', 'server/upload/deep/reader.ts', 'shared/status.ts', 'package-lock.json']) {
      at(SERVER_BUILD.stamp, 10);
      at(changed, 1);
      expect(buildStale(root, SERVER_BUILD)).toBe(`${changed} changed since the last build`);
      at(changed, 30);
    }
  });
});
