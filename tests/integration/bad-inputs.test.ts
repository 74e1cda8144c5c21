// The bad-input corpus (tests/fixtures/bad/cases.ts) over a real socket: every file and request
// gets its own message, the server keeps answering, and nothing is written. A file that reaches
// a dry run leaves only its uncommitted upload record, and its commit is refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badCases, type BadCase, type RequestKind } from '../fixtures/bad/cases';
import { badDir, writeGenerated } from '../fixtures/bad/make';
import { count } from '../fixtures';
import { PLAN, startServer, type Server, type UploadBody } from './upload-helpers';

let server: Server & { close: () => Promise<void> };
let cookie: string;
let leader: string;
let bigDir: string;
beforeAll(async () => {
  server = await startServer();
  cookie = await server.login('stat-finance');
  leader = await server.login('leader');
  bigDir = mkdtempSync(path.join(tmpdir(), 'pm-bad-'));
  await writeGenerated(bigDir);
}, 120_000);
afterAll(async () => {
  await server.close();
  rmSync(bigDir, { recursive: true, force: true });
});

const VALID = Buffer.from('指标代码,本月数值,报告期\r\nI-41-2,1200,2022-10\r\n');
const fileOf = (c: BadCase) =>
  c.file ? readFileSync(path.join(badDir, c.file)) : c.big ? readFileSync(path.join(bigDir, c.big)) : VALID;

/** A multipart body by hand, for the requests FormData will not produce. */
function multipart(parts: { name: string; fileName?: string; data: Buffer }[], boundary = 'pmBoundary7MA4YWxk') {
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.fileName ? `; filename="${p.fileName}"` : ''}\r\n` +
        `${p.fileName ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
    ),
    p.data,
    Buffer.from('\r\n'),
  ]);
  return {
    body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

async function post(body: Buffer | string | FormData, headers: Record<string, string>) {
  const init = { method: 'POST', headers, body: Buffer.isBuffer(body) ? new Uint8Array(body) : body };
  const res = await fetch(`${server.base}/api/uploads/preview`, init);
  return { status: res.status, body: (await res.json()) as UploadBody };
}

const pageHeaders = (extra: Record<string, string> = {}) => ({
  cookie,
  origin: server.base,
  'x-plan-monitor-upload': '1',
  ...extra,
});
const fields = { plan: PLAN, period: '2022-10' };
const fieldParts = Object.entries(fields).map(([name, v]) => ({ name, data: Buffer.from(v) }));

const requests: Record<RequestKind, (file: Buffer) => Promise<{ status: number; body: UploadBody }>> = {
  'no-file': () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return post(form, pageHeaders());
  },
  'two-files': (file) => {
    const m = multipart([
      ...fieldParts,
      { name: 'file', fileName: 'a.csv', data: file },
      { name: 'file', fileName: 'b.csv', data: file },
    ]);
    return post(m.body, pageHeaders({ 'content-type': m.type }));
  },
  'json-body': () =>
    post(
      JSON.stringify({ ...fields, file: VALID.toString('base64') }),
      pageHeaders({ 'content-type': 'application/json' }),
    ),
  'octet-stream-body': (file) => post(file, pageHeaders({ 'content-type': 'application/octet-stream' })),
  'truncated-multipart': (file) => {
    const m = multipart([...fieldParts, { name: 'file', fileName: 'a.csv', data: file }]);
    return post(m.body.subarray(0, m.body.length - 40), pageHeaders({ 'content-type': m.type }));
  },
  'too-many-fields': (file) => {
    const extra = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') }));
    const m = multipart([...fieldParts, ...extra, { name: 'file', fileName: 'a.csv', data: file }]);
    return post(m.body, pageHeaders({ 'content-type': m.type }));
  },
  'no-upload-header': (file) => server.upload(cookie, file, 'a.csv', {}, { cookie, origin: server.base }),
  'foreign-origin': (file) =>
    server.upload(cookie, file, 'a.csv', {}, { cookie, origin: 'https://evil.example', 'x-plan-monitor-upload': '1' }),
  'logged-out': (file) => server.upload('', file, 'a.csv', {}, { origin: server.base, 'x-plan-monitor-upload': '1' }),
  'as-leader': (file) => server.upload(leader, file, 'a.csv'),
};

async function tableCounts() {
  const uploads = await server.db.selectFrom('uploads').select(['id', 'committedAt', 'errorCount']).execute();
  return {
    actuals: await count(server.db, 'actuals'),
    revisions: await count(server.db, 'actualRevisions'),
    uploads,
  };
}

it('the corpus has at least 40 distinct cases, each file used is there', () => {
  expect(badCases.length).toBeGreaterThanOrEqual(40);
  expect(new Set(badCases.map((c) => c.name)).size).toBe(badCases.length);
  const files = badCases.filter((c) => c.file).map((c) => c.file!);
  for (const file of files) expect(readFileSync(path.join(badDir, file))).toBeInstanceOf(Buffer);
});

describe('every bad file and request gets its own message, and nothing is written', { timeout: 60_000 }, () => {
  it.each(badCases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const before = await tableCounts();
    const file = fileOf(c);
    const res = c.request
      ? await requests[c.request](file)
      : await server.upload(cookie, file, c.fileName ?? c.file ?? c.big!, c.fields);
    const after = await tableCounts();
    const { expect: want } = c;

    if ('refused' in want) {
      expect(res.body.error, JSON.stringify(res.body).slice(0, 500)).toBeDefined();
      expect([res.status, res.body.error.code]).toEqual([want.refused.status, want.refused.code]);
      expect(res.body.error.message).toContain(want.refused.message);
      expect(after.uploads).toEqual(before.uploads);
    } else {
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      // The dry run is recorded (uncommitted); that is all.
      const added = after.uploads.filter((u) => !before.uploads.some((b) => b.id === u.id));
      expect(added).toEqual([{ id: res.body.uploadId, committedAt: null, errorCount: res.body.summary.errors }]);
      if ('rowError' in want) {
        const row = res.body.rows.find((r) => r.rowNumber === want.rowError.row);
        expect(row?.status).toBe('error');
        expect(row?.problems.map((p) => p.message).join('\n')).toContain(want.rowError.message);
        expect(res.body.summary.canCommit).toBe(false);
        const commit = await server.trpc(cookie, 'upload.commit', { uploadId: res.body.uploadId }, true);
        expect(commit.status).toBe(400);
        expect(commit.error.message).toMatch(/[\u4e00-\u9fff]/);
      } else {
        expect(res.body.rows.map((r) => [r.code, r.period, r.value])).toEqual(want.read.values);
        expect(res.body.rows.every((r) => r.status === 'new')).toBe(true);
        if (want.read.note) expect(res.body.notes).toContain(want.read.note);
        if (want.read.fileNameLength) expect(res.body.fileName).toHaveLength(want.read.fileNameLength);
      }
    }
    // Nothing written, and the server still answers.
    expect([after.actuals, after.revisions]).toEqual([before.actuals, before.revisions]);
    expect(after.actuals).toBe(0);
    expect((await fetch(`${server.base}/trpc/plan.list`)).status).toBe(200);
  });
});
