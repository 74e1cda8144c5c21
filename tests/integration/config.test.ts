import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { repoRoot } from '../fixtures';

describe('configuration', () => {
  it('has defaults that serve the seeded plan on port 3000 from data/plan-monitor.sqlite', () => {
    expect(readConfig({}, [])).toMatchObject({
      PORT: 3000,
      DEMO: true,
      DATABASE_URL: path.join(repoRoot, 'data/plan-monitor.sqlite'),
      PLANS_DIR: path.join(repoRoot, 'data/plans'),
      REQUEST_TIMEOUT_S: 60,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT="abc": must be a port number/],
    [{ PORT: '70000' }, /PORT="70000": must be between 0 and 65535/],
    [{ DEMO: 'maybe' }, /DEMO="maybe": use 1 or 0/],
    [
      { DATABASE_URL: 'postgres://u:secret@local host/pm' },
      /DATABASE_URL="postgres:\/\/u:\*\*\*@local host\/pm": not a valid URL/,
    ],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL=.*unknown database scheme/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ REQUEST_TIMEOUT_S: '0' }, /REQUEST_TIMEOUT_S="0": must be between 1 and 3600 seconds/],
  ])('stops on %o with a message naming it', (env, message) => {
    expect(() => readConfig(env, [])).toThrow(message);
  });

  it('trusts a reverse proxy only when TRUST_PROXY says so', () => {
    expect(readConfig({}, []).TRUST_PROXY).toBe(false);
    expect(readConfig({ TRUST_PROXY: '1' }, []).TRUST_PROXY).toBe(1);
    expect(readConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }, []).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });

  it('takes a PostgreSQL URL as it is', () => {
    for (const url of ['postgres://pm:secret@127.0.0.1:5432/plan_monitor', 'postgresql://localhost/pm'])
      expect(readConfig({ DATABASE_URL: url }, []).DATABASE_URL).toBe(url);
  });

  it('takes --no-demo and file: URLs', () => {
    expect(readConfig({ DATABASE_URL: 'file:/tmp/x.sqlite' }, ['--no-demo'])).toMatchObject({
      DEMO: false,
      DATABASE_URL: '/tmp/x.sqlite',
    });
    expect(() => readConfig({}, ['--demo-please'])).toThrow(/Unknown option --demo-please/);
  });
});
