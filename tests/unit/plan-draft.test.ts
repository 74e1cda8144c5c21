// Drafting whole plans: Changping's text against its hand-made plan.json, and the fixture plans in
// tests/fixtures/plan-drafting/ against their hand-written answers (the goals of issue 21).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { planDraftSchema } from '../../shared/plan-draft-schema';
import { checkPlanReferences } from '../../shared/plan-schema';
import { draftPlan, DraftError } from '../../server/plans/draft/draft';
import { answersFromPlan, answersSchema, evaluateDraft } from '../../server/plans/draft/evaluate';
import { readPlanFile } from '../../server/plans/draft/read-file';
import { changping, changpingDir, repoRoot } from '../fixtures';

const changpingText = readFileSync(path.join(changpingDir, 'source.txt'), 'utf8');
const fixturesDir = path.join(repoRoot, 'tests/fixtures/plan-drafting');

describe('drafting the Changping plan from source.txt', () => {
  const draft = draftPlan(changpingText, { id: 'changping-draft', registry: changping.units });

  test('is a valid plan in the plan.json shape, every reference resolved', () => {
    const parsed = planDraftSchema.parse(draft);
    expect(checkPlanReferences(parsed)).toEqual([]);
  });

  test('reads the metadata of the issued document', () => {
    expect(draft).toMatchObject({
      title: changping.title,
      issuer: changping.issuer,
      docNumber: changping.docNumber,
      issuedOn: changping.issuedOn,
      validTo: changping.validTo,
    });
    expect(draft.sections.map((s) => s.title)).toEqual(changping.sections.map((s) => s.title));
  });

  test("keeps every measure's full wording and its units, lead first, with role groups", () => {
    expect(draft.measures.map((m) => m.text)).toEqual(changping.measures.map((m) => m.text));
    expect(draft.measures.map((m) => m.units)).toEqual(
      changping.measures.map((m) => m.units.map((u) => ({ ...u, ...(u.role ? { roleEn: u.role } : {}) }))),
    );
  });

  test('meets the accuracy goals against the hand-made plan', () => {
    const e = evaluateDraft(draft, answersFromPlan(changping));
    expect(e.measures).toMatchObject({ found: 59, expected: 59, drafted: 59 });
    expect(e.indicators.recall).toBeGreaterThanOrEqual(0.9);
    expect(e.indicators.precision).toBeGreaterThanOrEqual(0.9);
    expect(e.milestones.recall).toBeGreaterThanOrEqual(0.9);
  });

  test('every note points at its exact source phrase', () => {
    const notes = draft.draft?.notes ?? [];
    expect(notes.length).toBeGreaterThan(draft.measures.length);
    for (const n of notes) expect(changpingText.slice(n.start, n.end)).toBe(n.source);
    for (const ind of draft.indicators) {
      const n = notes.find((x) => x.item === `indicator:${ind.code}`);
      expect(n?.source.replace(/[\s\u3000]/g, '')).toBe(ind.source);
    }
    const cpi = notes.find((n) => n.item === 'indicator:I-57-1');
    expect(cpi?.reason).toContain('左右');
    expect(cpi?.confidence).toBeLessThan(0.8);
  });
});

describe.each(readdirSync(fixturesDir))('drafting the fixture plan %s', (name) => {
  test('meets the accuracy goals against its answers', async () => {
    const text = await readPlanFile(readFileSync(path.join(fixturesDir, name, 'source.txt')), 'source.txt');
    const answers = answersSchema.parse(JSON.parse(readFileSync(path.join(fixturesDir, name, 'answers.json'), 'utf8')));
    const draft = draftPlan(text, { id: name, registry: changping.units });
    expect(checkPlanReferences(planDraftSchema.parse(draft))).toEqual([]);
    const e = evaluateDraft(draft, answers);
    expect(e.measures.found).toBe(answers.measures.length);
    expect(e.measures.drafted).toBe(answers.measures.length);
    expect(e.indicators.recall).toBeGreaterThanOrEqual(0.9);
    expect(e.indicators.precision).toBeGreaterThanOrEqual(0.9);
    expect(e.milestones.recall).toBeGreaterThanOrEqual(0.9);
  });
});

describe('files that hold no plan are refused with a Chinese message', () => {
  const refuse = (bytes: Uint8Array, file: string) => readPlanFile(bytes, file).then((text) => draftPlan(text));
  test.each([
    ['an empty file', new Uint8Array(0), 'a.txt', '文件是空的'],
    ['blank lines only', new TextEncoder().encode('\n \n'), 'a.txt', '文件是空的'],
    ['a scanned PDF', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'scan.pdf', 'PDF'],
    ['an old .doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'a.doc', '.docx'],
    ['50 MB', new Uint8Array(50 * 1024 * 1024).fill(0x41), 'big.txt', '文件过大'],
    [
      'a text with no numbered measures',
      new TextEncoder().encode('关于做好节日值班的通知\n请各单位做好值班工作。'),
      'a.txt',
      '没有找到编号的措施',
    ],
  ])('%s', async (_what, bytes, file, message) => {
    await expect(refuse(bytes, file)).rejects.toThrow(DraftError);
    await expect(refuse(bytes, file)).rejects.toThrow(message);
  });

  test('a GBK text reads as the same characters as its UTF-8 form', async () => {
    const gbk = readFileSync(path.join(fixturesDir, 'yunxi-2023', 'source.txt'));
    const text = await readPlanFile(gbk, 'source.txt');
    expect(text).toContain('云溪区稳投资促消费若干政策措施');
  });
});
