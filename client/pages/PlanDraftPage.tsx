import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Col, Input, InputNumber, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { splitIndicator, type EditResult } from '../../shared/plan-draft-edits';
import { draftProblems, LOW_CONFIDENCE, type DraftNote, type PlanDraftInput } from '../../shared/plan-draft-schema';
import { indicatorKinds } from '../../shared/plan-schema';
import { LoadError, Loading } from '../App';
import { useLang, type Lang } from '../i18n';
import { useTRPC } from '../trpc';
import { EditError, IndicatorToolbar, MeasureTable, applyEdit } from './PlanDraftEdits';
import { ScrollTable } from '../components/ScrollTable';

type Indicator = PlanDraftInput['indicators'][number];

/** The source text with every drafted item marked; low-confidence items in orange. */
function SourceText({ text, notes }: { text: string; notes: DraftNote[] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  // A measure's note spans the whole measure: mark the items inside it, not the measure.
  const marked = notes.filter((x) => x.end > x.start && !x.item.startsWith('measure:'));
  for (const n of marked.sort((a, b) => a.start - b.start)) {
    if (n.start < at) continue;
    parts.push(text.slice(at, n.start));
    const low = n.confidence < LOW_CONFIDENCE;
    parts.push(
      <mark
        key={`${n.item}-${n.start}`}
        data-item={n.item}
        title={`${n.item}${n.reason ? `：${n.reason}` : ''}`}
        style={{ background: low ? '#ffd591' : '#d9f7be', padding: 0 }}
      >
        {text.slice(n.start, n.end)}
      </mark>,
    );
    at = n.end;
  }
  parts.push(text.slice(at));
  return (
    <pre
      style={{
        whiteSpace: 'pre-wrap',
        maxHeight: '75vh',
        overflow: 'auto',
        fontSize: 13,
        background: '#fafafa',
        padding: 12,
      }}
    >
      {parts}
    </pre>
  );
}

/** Replace an indicator's kind, keeping the fields all kinds share. */
function withKind(ind: Indicator, kind: Indicator['kind']): Indicator {
  const { code, measure, name, nameEn, unit, unitEn, periodStart, periodEnd, source } = ind;
  const base = { code, measure, name, nameEn, unit, unitEn, periodStart, periodEnd, source };
  const value = 'target' in ind ? ind.target : ind.min;
  if (kind === 'range') return { ...base, reporting: ind.reporting, kind, min: value, max: value };
  if (kind === 'cumulative') return { ...base, reporting: 'cumulative', kind, target: value };
  if (kind === 'spread')
    return {
      ...base,
      reporting: 'level',
      kind,
      target: value,
      seriesA: { name: '', nameEn: '' },
      seriesB: { name: '', nameEn: '' },
    };
  return { ...base, reporting: 'level', kind, target: value, tolerance: 0 };
}

function IndicatorTable({
  draft,
  set,
  edit,
  selected,
  onSelect,
  lang,
}: {
  draft: PlanDraftInput;
  set: (d: PlanDraftInput) => void;
  edit: (r: EditResult) => void;
  selected: string[];
  onSelect: (codes: string[]) => void;
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const update = (i: number, ind: Indicator) =>
    set({ ...draft, indicators: draft.indicators.map((x, j) => (j === i ? ind : x)) });
  return (
    <ScrollTable
      label={zh ? '指标' : 'Indicators'}
      rowKey="code"
      size="small"
      pagination={false}
      data-testid="draft-indicators"
      rowSelection={{ selectedRowKeys: selected, onChange: (keys) => onSelect(keys.map(String)) }}
      dataSource={draft.indicators.map((ind, i) => ({ ...ind, i }))}
      columns={[
        { title: zh ? '措施' : 'No.', dataIndex: 'measure', width: 50 },
        { title: zh ? '代码' : 'Code', dataIndex: 'code', width: 70 },
        { title: zh ? '原文' : 'Source', dataIndex: 'source', ellipsis: true },
        {
          title: zh ? '类型' : 'Kind',
          width: 120,
          render: (_: unknown, row) => (
            <Select
              size="small"
              data-testid={`kind-${row.code}`}
              aria-label={`${row.code} ${zh ? '类型' : 'kind'}`}
              value={row.kind}
              style={{ width: 110 }}
              onChange={(k) => update(row.i, withKind(draft.indicators[row.i]!, k))}
              options={indicatorKinds.map((k) => ({ value: k, label: k }))}
            />
          ),
        },
        {
          title: zh ? '目标' : 'Target',
          width: 170,
          render: (_: unknown, row) => {
            const ind = draft.indicators[row.i]!;
            if (ind.kind === 'range')
              return (
                <Space.Compact size="small">
                  <InputNumber size="small" value={ind.min} onChange={(v) => update(row.i, { ...ind, min: v ?? 0 })} />
                  <InputNumber size="small" value={ind.max} onChange={(v) => update(row.i, { ...ind, max: v ?? 0 })} />
                </Space.Compact>
              );
            return (
              <InputNumber
                size="small"
                data-testid={`target-${row.code}`}
                value={ind.target}
                onChange={(v) => update(row.i, { ...ind, target: v ?? 0 })}
              />
            );
          },
        },
        {
          title: zh ? '单位' : 'Unit',
          width: 90,
          render: (_: unknown, row) => (
            <Input
              size="small"
              value={row.unit}
              onChange={(e) =>
                update(row.i, { ...draft.indicators[row.i]!, unit: e.target.value, unitEn: e.target.value })
              }
            />
          ),
        },
        {
          width: 120,
          render: (_: unknown, row) => (
            <Space size={4}>
              <Button
                size="small"
                data-testid={`split-${row.code}`}
                onClick={() => edit(splitIndicator(draft, row.code))}
              >
                {zh ? '拆分' : 'Split'}
              </Button>
              <Button
                size="small"
                danger
                onClick={() => set({ ...draft, indicators: draft.indicators.filter((_x, j) => j !== row.i) })}
              >
                {zh ? '删除' : 'Delete'}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

function MilestoneTable({ draft, set, lang }: { draft: PlanDraftInput; set: (d: PlanDraftInput) => void; lang: Lang }) {
  const zh = lang === 'zh';
  return (
    <ScrollTable
      label={zh ? '任务' : 'Tasks'}
      rowKey="code"
      size="small"
      pagination={{ pageSize: 15 }}
      dataSource={draft.milestones.map((m, i) => ({ ...m, i }))}
      columns={[
        { title: zh ? '措施' : 'No.', dataIndex: 'measure', width: 50 },
        { title: zh ? '任务' : 'Task', dataIndex: 'task', ellipsis: true },
        {
          title: zh ? '期限' : 'Deadline',
          width: 140,
          render: (_: unknown, row) => (
            <Input
              size="small"
              value={row.deadline}
              onChange={(e) =>
                set({
                  ...draft,
                  milestones: draft.milestones.map((m, j) => (j === row.i ? { ...m, deadline: e.target.value } : m)),
                })
              }
            />
          ),
        },
        {
          width: 60,
          render: (_: unknown, row) => (
            <Button
              size="small"
              danger
              onClick={() => set({ ...draft, milestones: draft.milestones.filter((_x, j) => j !== row.i) })}
            >
              {zh ? '删除' : 'Delete'}
            </Button>
          ),
        },
      ]}
    />
  );
}

export default function PlanDraftPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const { id = '' } = useParams();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.planDrafts.get.queryOptions({ id }));
  const [edited, setEdited] = useState<PlanDraftInput | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const draft = edited ?? query.data?.draft ?? null;
  const problems = useMemo(() => (draft ? draftProblems(draft) : []), [draft]);
  const save = useMutation(
    trpc.planDrafts.save.mutationOptions({ onSuccess: () => void message.success(zh ? '已保存' : 'Saved') }),
  );
  const publish = useMutation(
    trpc.planDrafts.publish.mutationOptions({
      onSuccess: async (r) => {
        // The plan list (header, switcher) and every board now include the new plan.
        await queryClient.invalidateQueries();
        await navigate(`/?plan=${encodeURIComponent(r.planId)}${zh ? '' : '&lang=en'}`);
      },
    }),
  );
  if (query.isPending) return <Loading lang={lang} />;
  if (query.isError || !draft) return <LoadError lang={lang} retry={() => void query.refetch()} />;
  const notes = draft.draft?.notes ?? [];
  const low = notes.filter((n) => n.confidence < LOW_CONFIDENCE);
  const set = (d: PlanDraftInput) => setEdited(d);
  const edit = (r: EditResult) => {
    applyEdit(r, set, setEditError);
    if (r.ok) setSelected([]);
    else void message.error(r.message);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2}>{draft.title}</Typography.Title>
      <Space wrap>
        <span>{zh ? '方案编号' : 'Plan id'}</span>
        <Input
          data-testid="plan-id"
          style={{ width: 200 }}
          value={draft.id}
          onChange={(e) => set({ ...draft, id: e.target.value })}
        />
        <Tag>{draft.docNumber}</Tag>
        <Tag>{`${draft.measures.length} ${zh ? '项措施' : 'measures'} · ${draft.indicators.length} ${zh ? '个指标' : 'indicators'} · ${draft.milestones.length} ${zh ? '个任务' : 'tasks'}`}</Tag>
        <Button data-testid="save-draft" loading={save.isPending} onClick={() => save.mutate({ id, draft })}>
          {zh ? '保存草稿' : 'Save draft'}
        </Button>
        <Button
          type="primary"
          data-testid="publish-draft"
          disabled={problems.length > 0}
          loading={publish.isPending}
          onClick={() => save.mutate({ id, draft }, { onSuccess: () => publish.mutate({ id }) })}
        >
          {zh ? '发布方案' : 'Publish'}
        </Button>
      </Space>
      {publish.error && <Alert type="error" title={publish.error.message} />}
      {problems.length > 0 && (
        <Alert
          type="warning"
          data-testid="draft-problems"
          title={
            zh
              ? `还有 ${problems.length} 处问题，改正后才能发布`
              : `${problems.length} problem(s) to fix before publishing`
          }
          description={problems.slice(0, 10).join('；')}
        />
      )}
      <Row gutter={16}>
        <Col span={10}>
          <SourceText text={query.data.sourceText} notes={notes} />
        </Col>
        <Col span={14}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Title level={4}>
              {zh ? `待核对（${low.length}）` : `To review (${low.length})`}
            </Typography.Title>
            <List
              size="small"
              data-testid="low-confidence"
              dataSource={low}
              renderItem={(n) => (
                <List.Item>
                  <Tag color="orange">{n.item}</Tag> {n.reason} 「{n.source.replace(/\s+/g, '').slice(0, 30)}」
                </List.Item>
              )}
            />
            <EditError message={editError} />
            <Typography.Title level={4}>{zh ? '措施' : 'Measures'}</Typography.Title>
            <MeasureTable draft={draft} edit={edit} lang={lang} />
            <Typography.Title level={4}>{zh ? '量化指标' : 'Indicators'}</Typography.Title>
            <IndicatorToolbar draft={draft} selected={selected} edit={edit} lang={lang} />
            <IndicatorTable
              draft={draft}
              set={set}
              edit={edit}
              selected={selected}
              onSelect={setSelected}
              lang={lang}
            />
            <Typography.Title level={4}>{zh ? '任务节点' : 'Milestones'}</Typography.Title>
            <MilestoneTable draft={draft} set={set} lang={lang} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
