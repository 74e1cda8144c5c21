// The draft review's structural edits: the measure list (add after, split at a phrase, merge with
// the next) and the indicator toolbar (add, merge the selected). The rules are in
// shared/plan-draft-edits.ts; a refused edit shows its Chinese message and changes nothing.
import { Alert, Button, Input, InputNumber, Modal, Space } from 'antd';
import { ScrollTable } from '../components/ScrollTable';
import { useState } from 'react';
import {
  addIndicator,
  addMeasure,
  addMilestone,
  mergeIndicators,
  mergeMeasureWithNext,
  splitMeasure,
  type EditResult,
} from '../../shared/plan-draft-edits';
import type { PlanDraftInput } from '../../shared/plan-draft-schema';
import type { Lang } from '../i18n';

/** Apply an edit: the new draft, or its refusal shown in `onError`. */
export function applyEdit(result: EditResult, set: (d: PlanDraftInput) => void, onError: (m: string | null) => void) {
  if (result.ok) {
    onError(null);
    set(result.draft);
  } else onError(result.message);
}

export function EditError({ message }: { message: string | null }) {
  if (!message) return null;
  return <Alert type="error" data-testid="edit-error" title={message} showIcon />;
}

export function MeasureTable({
  draft,
  edit,
  lang,
}: {
  draft: PlanDraftInput;
  edit: (r: EditResult) => void;
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const [splitting, setSplitting] = useState<number | null>(null);
  const [phrase, setPhrase] = useState('');
  const measure = draft.measures.find((m) => m.no === splitting);
  const split = () => {
    if (!measure) return;
    const at = phrase.trim() === '' ? -1 : measure.text.indexOf(phrase.trim());
    edit(
      at < 0
        ? { ok: false, message: `第 ${measure.no} 条措施的原文中没有“${phrase.trim()}”，请复制第二部分开头的几个字` }
        : splitMeasure(draft, measure.no, at),
    );
    setSplitting(null);
  };
  return (
    <>
      <ScrollTable
        label={zh ? '措施' : 'Measures'}
        rowKey="no"
        size="small"
        data-testid="draft-measures"
        pagination={{ pageSize: 10 }}
        dataSource={draft.measures}
        columns={[
          { title: zh ? '序号' : 'No.', dataIndex: 'no', width: 50 },
          { title: zh ? '措施原文' : 'Text', dataIndex: 'text', ellipsis: true },
          {
            title: zh ? '指标/任务' : 'Items',
            width: 80,
            render: (_: unknown, m) =>
              `${draft.indicators.filter((i) => i.measure === m.no).length}/${draft.milestones.filter((t) => t.measure === m.no).length}`,
          },
          {
            width: 330,
            render: (_: unknown, m) => (
              <Space size={4} wrap>
                <Button
                  size="small"
                  data-testid={`split-measure-${m.no}`}
                  onClick={() => (setPhrase(''), setSplitting(m.no))}
                >
                  {zh ? '拆分' : 'Split'}
                </Button>
                <Button
                  size="small"
                  data-testid={`merge-measure-${m.no}`}
                  onClick={() => edit(mergeMeasureWithNext(draft, m.no))}
                >
                  {zh ? '与下一条合并' : 'Merge with next'}
                </Button>
                <Button size="small" onClick={() => edit(addMeasure(draft, m.no))}>
                  {zh ? '在后面新增' : 'Add after'}
                </Button>
                <Button size="small" onClick={() => edit(addMilestone(draft, m.no))}>
                  {zh ? '加任务' : 'Add task'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={measure !== undefined}
        title={zh ? `拆分第 ${splitting ?? ''} 条措施` : `Split measure ${splitting ?? ''}`}
        okText={zh ? '拆分' : 'Split'}
        cancelText={zh ? '取消' : 'Cancel'}
        onOk={split}
        onCancel={() => setSplitting(null)}
      >
        <p style={{ whiteSpace: 'pre-wrap' }}>{measure?.text}</p>
        <Input
          aria-label={zh ? '第二部分开头的文字' : 'Where the second part begins'}
          placeholder={zh ? '粘贴第二部分开头的几个字' : 'Paste the first words of the second part'}
          value={phrase}
          onChange={(e) => setPhrase(e.target.value)}
        />
      </Modal>
    </>
  );
}

/** Add an indicator to a measure; merge the selected indicators into the first of them. */
export function IndicatorToolbar({
  draft,
  selected,
  edit,
  lang,
}: {
  draft: PlanDraftInput;
  selected: string[];
  edit: (r: EditResult) => void;
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const [measure, setMeasure] = useState<number | null>(1);
  return (
    <Space wrap>
      <span>{zh ? '措施' : 'Measure'}</span>
      <InputNumber
        size="small"
        aria-label={zh ? '新增指标所属措施' : 'Measure of the new indicator'}
        min={1}
        value={measure}
        onChange={setMeasure}
      />
      <Button
        size="small"
        data-testid="add-indicator"
        onClick={() => edit(measure === null ? { ok: false, message: '请填写措施序号' } : addIndicator(draft, measure))}
      >
        {zh ? '新增指标' : 'Add indicator'}
      </Button>
      <Button size="small" data-testid="merge-indicators" onClick={() => edit(mergeIndicators(draft, selected))}>
        {zh ? `合并所选指标（${selected.length}）` : `Merge selected (${selected.length})`}
      </Button>
    </Space>
  );
}
