// The parts of 简报导出 that make a briefing sendable: the 成文日期, 下步工作 and 分析意见 the staff
// write before building, the annex and slide options (remembered per user in this browser), and
// the plan's 版头/版记 (edited by leaders and administrators).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Checkbox, Flex, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Lang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../trpc';

export type Extras = NonNullable<RouterInputs['briefing']['start']['extras']>;
type Notes = NonNullable<Extras['notes']>;
type Choice = NonNullable<Extras['choice']>;
type Header = RouterOutputs['briefing']['header'];

export const DEFAULT_CHOICE: Choice = { charts: 'lagging', monthlyTables: false, slides: 'lagging' };

/** A value kept in localStorage under a per-user key; bad or missing JSON gives the fallback. */
export function useRemembered<T>(key: string, fallback: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      return raw ? { ...fallback, ...(JSON.parse(raw) as T) } : fallback;
    } catch {
      return fallback;
    }
  });
  return [
    value,
    (v: T) => {
      setValue(v);
      try {
        localStorage.setItem(key, JSON.stringify(v));
      } catch {
        // Private mode or a full store: the choice lasts for this visit only.
      }
    },
  ];
}

export function BriefingOptions({
  lang,
  format,
  choice,
  onChoice,
}: {
  lang: Lang;
  format: 'docx' | 'pptx';
  choice: Choice;
  onChoice: (c: Choice) => void;
}) {
  const zh = lang === 'zh';
  if (format === 'pptx')
    return (
      <Flex gap="small" align="center" wrap>
        <span>{zh ? '指标页' : 'Indicator slides'}</span>
        <Radio.Group
          data-testid="briefing-slides"
          value={choice.slides}
          onChange={(e) => onChoice({ ...choice, slides: e.target.value as Choice['slides'] })}
          options={[
            { value: 'lagging', label: zh ? '仅滞后指标' : 'Lagging only' },
            { value: 'all', label: zh ? '全部指标' : 'All indicators' },
          ]}
        />
      </Flex>
    );
  return (
    <Flex gap="middle" align="center" wrap>
      <span>{zh ? '附件2 图表' : 'Annex 2 charts'}</span>
      <Radio.Group
        data-testid="briefing-charts"
        value={choice.charts}
        onChange={(e) => onChoice({ ...choice, charts: e.target.value as Choice['charts'] })}
        options={[
          { value: 'lagging', label: zh ? '仅滞后指标' : 'Lagging only' },
          { value: 'all', label: zh ? '全部指标' : 'All' },
          { value: 'none', label: zh ? '不附图表' : 'None' },
        ]}
      />
      <Checkbox
        data-testid="briefing-monthly"
        checked={choice.monthlyTables}
        disabled={choice.charts === 'none'}
        onChange={(e) => onChoice({ ...choice, monthlyTables: e.target.checked })}
      >
        {zh ? '图下附逐月数据表' : 'Monthly table under each chart'}
      </Checkbox>
    </Flex>
  );
}

export function BriefingNotes({
  lang,
  notes,
  onNotes,
  issuedOn,
  onIssuedOn,
  measures,
}: {
  lang: Lang;
  notes: Notes;
  onNotes: (n: Notes) => void;
  issuedOn: string;
  onIssuedOn: (d: string) => void;
  measures: { no: number; title: string; titleEn: string }[];
}) {
  const zh = lang === 'zh';
  const analysis = notes.analysis ?? [];
  const setText = (no: number, text: string) =>
    onNotes({ ...notes, analysis: analysis.map((a) => (a.measureNo === no ? { ...a, text } : a)) });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Flex gap="small" align="center">
        <label htmlFor="briefing-issued-on">{zh ? '成文日期' : 'Date of issue'}</label>
        <Input
          id="briefing-issued-on"
          data-testid="briefing-issued-on"
          type="date"
          style={{ width: 180 }}
          value={issuedOn}
          onChange={(e) => onIssuedOn(e.target.value)}
        />
        <Typography.Text type="secondary">{zh ? '留空为今天' : 'Empty: today'}</Typography.Text>
      </Flex>
      <label htmlFor="briefing-next-steps">
        {zh ? '四、下步工作（每段一行；留空则用标准表述）' : '4. Next steps (one paragraph per line)'}
      </label>
      <Input.TextArea
        id="briefing-next-steps"
        data-testid="briefing-next-steps"
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={5000}
        value={notes.nextSteps ?? ''}
        onChange={(e) => onNotes({ ...notes, nextSteps: e.target.value })}
      />
      <Select
        mode="multiple"
        data-testid="briefing-analysis-pick"
        style={{ width: '100%' }}
        aria-label={zh ? '为措施添加分析意见' : 'Add analysis for measures'}
        placeholder={zh ? '为措施添加分析意见（可选）' : 'Add analysis for measures (optional)'}
        value={analysis.map((a) => a.measureNo)}
        onChange={(nos: number[]) =>
          onNotes({
            ...notes,
            analysis: nos.map((no) => analysis.find((a) => a.measureNo === no) ?? { measureNo: no, text: '' }),
          })
        }
        options={measures.map((m) => ({ value: m.no, label: `${m.no}. ${zh ? m.title : m.titleEn}` }))}
        optionFilterProp="label"
      />
      {analysis.map((a) => (
        <Input.TextArea
          key={a.measureNo}
          aria-label={`${zh ? '分析意见' : 'Analysis'} ${a.measureNo}`}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={1000}
          placeholder={`${a.measureNo}. ${zh ? '分析意见' : 'analysis'}`}
          value={a.text}
          onChange={(e) => setText(a.measureNo, e.target.value)}
        />
      ))}
    </Space>
  );
}

const FIELDS: { key: keyof Omit<Header, 'saved'>; zh: string; en: string }[] = [
  { key: 'name', zh: '简报名称', en: 'Briefing name' },
  { key: 'issuer', zh: '编发单位', en: 'Issuing office' },
  { key: 'reportTo', zh: '报', en: 'To' },
  { key: 'copyTo', zh: '送', en: 'Copy to' },
  { key: 'printedBy', zh: '印发单位', en: 'Printed by' },
];

/** The plan's 版头 and 版记, as printed on every Word briefing. */
export function BriefingHeaderCard({ lang, planId, canEdit }: { lang: Lang; planId: string; canEdit: boolean }) {
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const header = useQuery(trpc.briefing.header.queryOptions({ planId }));
  // Edits are a draft over the stored header until saved.
  const [edits, setEdits] = useState<Partial<Omit<Header, 'saved'>>>({});
  const draft = header.data ? { ...header.data, ...edits } : null;
  const setDraft = (d: Omit<Header, 'saved'>) => setEdits(d);
  const save = useMutation(
    trpc.briefing.saveHeader.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.briefing.header.queryKey({ planId }), saved);
        void message.success(zh ? '版头与版记已保存' : 'Saved');
      },
      onError: (err) => void message.error(errorMessage(err, zh ? '保存失败' : 'Could not save')),
    }),
  );
  if (!draft) return null;
  return (
    <Card size="small" title={zh ? '版头与版记（Word）' : 'Masthead and imprint (Word)'} data-testid="briefing-header">
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        {FIELDS.map((f) => (
          <Flex key={f.key} gap="small" align="center">
            <label htmlFor={`briefing-header-${f.key}`} style={{ width: 90 }}>
              {zh ? f.zh : f.en}
            </label>
            <Input
              id={`briefing-header-${f.key}`}
              value={draft[f.key]}
              disabled={!canEdit}
              maxLength={f.key === 'reportTo' || f.key === 'copyTo' ? 300 : 40}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            />
          </Flex>
        ))}
        {canEdit && (
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                planId,
                header: {
                  name: draft.name,
                  issuer: draft.issuer,
                  reportTo: draft.reportTo,
                  copyTo: draft.copyTo,
                  printedBy: draft.printedBy,
                },
              })
            }
          >
            {zh ? '保存版头与版记' : 'Save'}
          </Button>
        )}
      </Space>
    </Card>
  );
}
