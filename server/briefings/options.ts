// What a staff member chooses and writes before building a briefing, beyond month and scope: the
// 成文日期, the 下步工作 text and per-measure 分析意见 (kept with the snapshot), and how much goes
// into the annexes and slides. Every field has a default, so an old client's request still builds.
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '成文日期格式应为YYYY-MM-DD / The date must be YYYY-MM-DD')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: '成文日期不是有效日期 / Not a valid date',
    },
  );

export const briefingNotesSchema = z.object({
  /** 四、下步工作: paragraphs separated by line breaks; empty gives a standard paragraph. */
  nextSteps: z.string().max(5000, '下步工作不能超过5000字 / At most 5,000 characters').default(''),
  /** 分析意见 printed under a measure's item in 二、存在问题. */
  analysis: z
    .array(
      z.object({
        measureNo: z.number().int().positive(),
        text: z.string().max(1000, '分析意见每条不能超过1000字 / At most 1,000 characters per measure'),
      }),
    )
    .max(200)
    .default([]),
});

export const briefingChoiceSchema = z.object({
  /** 附件2 charts: the lagging items only (default), every indicator, or none. */
  charts: z.enum(['lagging', 'all', 'none']).default('lagging'),
  /** A monthly figures table under each chart in 附件2. */
  monthlyTables: z.boolean().default(false),
  /** PowerPoint: one slide per lagging indicator (default) or per indicator. */
  slides: z.enum(['lagging', 'all']).default('lagging'),
});

export const briefingExtrasSchema = z.object({
  /** 成文日期; the server clock's today when left out. */
  issuedOn: isoDate.optional(),
  notes: briefingNotesSchema.default({ nextSteps: '', analysis: [] }),
  choice: briefingChoiceSchema.default({ charts: 'lagging', monthlyTables: false, slides: 'lagging' }),
});

export type BriefingNotes = z.infer<typeof briefingNotesSchema>;
export type BriefingChoice = z.infer<typeof briefingChoiceSchema>;
export type BriefingExtras = z.infer<typeof briefingExtrasSchema>;
