import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Flex, Input, InputNumber, Modal, Space, Tag, Tooltip } from 'antd';
import { ScrollTable } from './ScrollTable';
import { useState } from 'react';
import { formatPeriod, type Lang } from '../../shared/format';
import type { IndicatorDef } from '../../shared/plan-schema';
import { targetText } from '../../shared/reporting';
import {
  targetChangeNote,
  targetChangeProblems,
  withTargetValues,
  type TargetChange,
} from '../../shared/target-changes';
import { errorMessage } from '../session';
import { useTRPC } from '../trpc';

/** The tag an indicator carries when the month's target is an adjusted one (调整目标). */
export function TargetChangedTag({ def, change, lang }: { def: IndicatorDef; change: TargetChange; lang: Lang }) {
  return (
    <Tooltip
      title={`${targetChangeNote(def, change, lang)}${lang === 'zh' ? '。原因：' : '. Reason: '}${change.reason}`}
    >
      <Tag color="purple" data-testid="target-changed">
        {lang === 'zh' ? '目标已调整' : 'Target adjusted'}
      </Tag>
    </Tooltip>
  );
}

/** Every change of an indicator's target: old and new, from when, who, when, why. */
export function TargetChangeHistory({
  def,
  changes,
  lang,
}: {
  def: IndicatorDef;
  changes: TargetChange[];
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const text = (v: TargetChange['old']) =>
    `${targetText(withTargetValues(def, v), lang)}${zh ? '，期限' : ', by '}${formatPeriod(v.periodEnd, lang)}`;
  return (
    <ScrollTable
      label={zh ? '目标调整记录' : 'Target changes'}
      size="small"
      pagination={false}
      rowKey="id"
      data-testid="target-history"
      title={() => (zh ? '目标调整记录' : 'Target changes')}
      dataSource={changes}
      columns={[
        { title: zh ? '生效月份' : 'From', dataIndex: 'effectiveFrom', render: (p: string) => formatPeriod(p, lang) },
        { title: zh ? '原目标' : 'Old target', key: 'old', render: (_v, c) => text(c.old) },
        { title: zh ? '新目标' : 'New target', key: 'new', render: (_v, c) => text(c.new) },
        { title: zh ? '原因' : 'Reason', dataIndex: 'reason' },
        { title: zh ? '调整人' : 'By', dataIndex: 'changedBy' },
        {
          title: zh ? '时间' : 'At',
          dataIndex: 'changedAt',
          render: (v: string) => v.replace('T', ' ').slice(0, 16),
        },
      ]}
    />
  );
}

/**
 * The administrator's 调整目标 button and dialog. `def` is the month's definition; the dialog starts
 * from the target in force now (after the latest change) and checks with the server's own rules.
 */
export function TargetChangeButton({
  planId,
  def,
  changes,
  month,
  lang,
}: {
  planId: string;
  def: IndicatorDef;
  changes: TargetChange[];
  month: string;
  lang: Lang;
}) {
  const zh = lang === 'zh';
  const last = changes.at(-1) ?? null;
  const current = last ? withTargetValues(def, last.new) : def;
  const initial = () => ({
    effectiveFrom: month,
    target: current.kind === 'range' ? null : current.target,
    min: current.kind === 'range' ? current.min : null,
    max: current.kind === 'range' ? current.max : null,
    periodEnd: current.periodEnd,
    reason: '',
  });
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(initial);
  const [tried, setTried] = useState(false);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const save = useMutation(
    trpc.plan.changeTarget.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        void message.success(zh ? '目标已调整' : 'Target changed');
        // The board, the measure page and the exports all read the target in force.
        await queryClient.invalidateQueries();
      },
    }),
  );
  const problems = targetChangeProblems(current, last?.effectiveFrom ?? null, form);
  const submit = () => {
    setTried(true);
    if (problems.length === 0) save.mutate({ planId, code: def.code, ...form });
  };
  const unit = zh ? def.unit : def.unitEn;
  return (
    <>
      <Button
        size="small"
        data-testid={`change-target-${def.code}`}
        onClick={() => {
          setForm(initial());
          setTried(false);
          save.reset();
          setOpen(true);
        }}
      >
        {zh ? '调整目标' : 'Change target'}
      </Button>
      <Modal
        open={open}
        title={`${zh ? '调整目标' : 'Change target'}：${def.code} ${zh ? def.name : def.nameEn}`}
        okText={zh ? '确认调整' : 'Change'}
        cancelText={zh ? '取消' : 'Cancel'}
        onCancel={() => setOpen(false)}
        onOk={submit}
        okButtonProps={{ loading: save.isPending }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>
            {zh ? '现行目标：' : 'Target now: '}
            {targetText(current, lang)}
            {zh ? '，期限' : ', by '}
            {formatPeriod(current.periodEnd, lang)}
          </span>
          <Flex gap="small" align="center" wrap>
            <span>{zh ? '生效月份' : 'From month'}</span>
            <Input
              aria-label={zh ? '生效月份' : 'From month'}
              style={{ width: 110 }}
              placeholder="2022-07"
              value={form.effectiveFrom}
              onChange={(e) => setForm({ ...form, effectiveFrom: e.target.value.trim() })}
            />
            <span>{zh ? '目标期限' : 'Target by'}</span>
            <Input
              aria-label={zh ? '目标期限' : 'Target by'}
              style={{ width: 110 }}
              placeholder="2022-12"
              value={form.periodEnd}
              onChange={(e) => setForm({ ...form, periodEnd: e.target.value.trim() })}
            />
          </Flex>
          {current.kind === 'range' ? (
            <Flex gap="small" align="center">
              <span>{zh ? '新目标区间' : 'New band'}</span>
              <InputNumber
                aria-label={zh ? '下限' : 'Lower end'}
                value={form.min}
                onChange={(v) => setForm({ ...form, min: v })}
              />
              —
              <InputNumber
                aria-label={zh ? '上限' : 'Upper end'}
                value={form.max}
                onChange={(v) => setForm({ ...form, max: v })}
              />
              <span>{unit}</span>
            </Flex>
          ) : (
            <Flex gap="small" align="center">
              <span>{zh ? '新目标' : 'New target'}</span>
              <InputNumber
                aria-label={zh ? '新目标' : 'New target'}
                data-testid="new-target"
                value={form.target}
                onChange={(v) => setForm({ ...form, target: v })}
              />
              <span>{unit}</span>
            </Flex>
          )}
          <Input.TextArea
            aria-label={zh ? '调整原因' : 'Reason'}
            placeholder={zh ? '调整原因（必填，如：区政府常务会议决定）' : 'Reason (required)'}
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
          <span style={{ fontSize: 12, color: '#888' }}>
            {zh
              ? '生效月份之前的月份仍按原目标评价；调整记录永久保留。'
              : 'Months before the effective month keep the old target; every change is kept.'}
          </span>
          {tried && problems.length > 0 && (
            <Alert type="error" data-testid="target-change-problems" title={problems.join('；')} />
          )}
          {save.error && <Alert type="error" title={errorMessage(save.error, zh ? '调整失败' : 'The change failed')} />}
        </Space>
      </Modal>
    </>
  );
}
