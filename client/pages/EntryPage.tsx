import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { parseTypedNumber } from '../../shared/checks';
import { formatNumber, formatPeriod } from '../../shared/format';
import { isPeriod, periodRange } from '../../shared/period';
import { milestoneStates, type MilestoneState } from '../../shared/status';
import { MILESTONE_STATE_LABEL } from '../../shared/status-style';
import { LoadError, Loading, usePlanId } from '../App';
import { confirmClearDemo, isClearDemoRefusal } from '../components/ClearDemoConfirm';
import { accessRefusal } from '../access';
import { NativeSelect } from '../components/NativeSelect';
import { t, useLang, type Lang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC, type RouterOutputs } from '../trpc';
import { Receipt } from '../components/Receipt';
import { UploadPanel } from './UploadPanel';
import { ScrollTable } from '../components/ScrollTable';

type Form = RouterOutputs['entry']['form'];
type Warning = RouterOutputs['entry']['check']['warnings'][number];

const key = (code: string, series: string) => `${code}/${series}`;

/** 待审核 / 已退回 / 已审核 next to a figure, with the approver's comment when returned. */
function ReviewTag({ state, comment, lang }: { state: string; comment?: string | null; lang: Lang }) {
  if (state === 'submitted') return <Tag color="gold">{t('pendingReview', lang)}</Tag>;
  if (state === 'returned')
    return (
      <Tag color="red" title={comment ?? undefined}>
        {t('returned', lang)}
        {comment ? `：${comment}` : ''}
      </Tag>
    );
  return <Tag color="green">{t('approved', lang)}</Tag>;
}

/** A warning as the dialog shows it: which indicator, then what the shared rules say. */
const named = (w: Warning, lang: Lang) =>
  lang === 'zh' ? `${w.code} ${w.name}：${w.message}` : `${w.code} ${w.nameEn}: ${w.messageEn}`;

export default function EntryPage() {
  const lang = useLang();
  const planId = usePlanId();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  const requested = params.get('period');
  const lastMonth = tree.data ? tree.data.plan.validTo.slice(0, 7) : null;
  // By default the month that is due by the server's clock (server/clock.ts), not the browser's.
  const due = useQuery(trpc.entry.due.queryOptions({ planId }));
  const period = requested && isPeriod(requested) ? requested : (due.data?.period ?? null);
  const form = useQuery({
    ...trpc.entry.form.queryOptions({ planId, period: period ?? '2000-01' }),
    enabled: !!tree.data && period !== null,
  });
  const [warnings, setWarnings] = useState<Warning[] | null>(null);
  // The receipt of the last commit (form or upload), kept here: the form remounts after a save.
  const [receiptId, setReceiptId] = useState<string | null>(null);
  if (tree.isError || due.isError) return <LoadError lang={lang} retry={() => void (tree.refetch(), due.refetch())} />;
  if (tree.isPending || period === null || form.isPending) return <Loading lang={lang} />;
  if (form.isError && accessRefusal(form.error))
    return <LoadError lang={lang} retry={() => void form.refetch()} error={form.error} />;
  if (form.isError) return <Alert type="error" title={errorMessage(form.error, t('loadFailed', lang))} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {receiptId && <Receipt id={receiptId} lang={lang} linked />}
      <EntryForm
        // Remount (fresh inputs) whenever the stored figures change: another month, or after saving.
        key={`${period}:${form.dataUpdatedAt}`}
        data={form.data}
        planId={planId}
        period={period}
        months={periodRange(tree.data.plan.issuedOn.slice(0, 4) + '-01', lastMonth ?? period)}
        warnings={warnings}
        setWarnings={setWarnings}
        onReceipt={setReceiptId}
        onPeriod={(p) => {
          const next = new URLSearchParams(params);
          next.set('period', p);
          setParams(next, { replace: true });
          setWarnings(null);
          setReceiptId(null);
        }}
      />
    </Space>
  );
}

function EntryForm({
  data,
  planId,
  period,
  months,
  warnings,
  setWarnings,
  onReceipt,
  onPeriod,
}: {
  data: Form;
  planId: string;
  period: string;
  months: string[];
  warnings: Warning[] | null;
  setWarnings: (w: Warning[] | null) => void;
  onReceipt: (id: string) => void;
  onPeriod: (p: string) => void;
}) {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  // What is typed, as typed: a value that is not a number stays in the box, marked, never erased.
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(data.indicators.map((i) => [key(i.code, i.series), i.current ? String(i.current.value) : ''])),
  );
  const [notes, setNotes] = useState<Record<string, string>>(() =>
    Object.fromEntries([
      ...data.indicators.map((i): [string, string] => [key(i.code, i.series), i.current?.note ?? '']),
      ...data.milestones.map((m): [string, string] => [m.code, m.current?.note ?? '']),
    ]),
  );
  const [initialStates] = useState<Record<string, MilestoneState>>(() =>
    Object.fromEntries(
      data.milestones.flatMap((m) => {
        const s = m.current?.state ?? m.previous?.state;
        const known = milestoneStates.find((state) => state === s);
        return known ? [[m.code, known] as const] : [];
      }),
    ),
  );
  // Pre-filled from this or last month's report; only what the user changes is sent.
  const [states, setStates] = useState(initialStates);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.entry.save.mutationOptions({
      onSuccess: async (result) => {
        if (result.receiptId) onReceipt(result.receiptId);
        setWarnings(result.warnings.length > 0 ? result.warnings : null);
        setReason('');
        await queryClient.invalidateQueries();
        void message.success(t('saved', lang));
      },
      onError: (err, input) => {
        if (isClearDemoRefusal(err))
          return confirmClearDemo(err, lang, () => save.mutate({ ...input, confirmClearDemo: true }));
        setError(errorMessage(err, t('saveFailed', lang)));
      },
    }),
  );

  const badNumbers = data.indicators.filter((i) => parseTypedNumber(values[key(i.code, i.series)] ?? '') === null);
  const changedRows = data.indicators.flatMap((i) => {
    const k = key(i.code, i.series);
    const value = parseTypedNumber(values[k] ?? '');
    const note = notes[k] ?? '';
    if (value === null || value === undefined) return [];
    if (i.current && i.current.value === value && (i.current.note ?? '') === note) return [];
    return [{ code: i.code, series: i.series, value, note: note || undefined, expected: i.current?.value ?? null }];
  });
  const changedMilestones = data.milestones.flatMap((m) => {
    const state = states[m.code];
    const note = notes[m.code] ?? m.current?.note ?? '';
    if (!state) return [];
    if (state === initialStates[m.code] && (m.current?.note ?? '') === note) return [];
    return [{ code: m.code, state, note: note || undefined }];
  });
  const submit = (given = reason) => {
    setError(null);
    save.mutate({
      planId,
      period,
      rows: changedRows,
      milestones: changedMilestones,
      reason: given.trim() || undefined,
    });
  };
  const checkThenSubmit = async () => {
    if (badNumbers.length > 0) return setError(t('fixNumbers', lang));
    if (changedRows.length === 0) return submit();
    const { warnings: found } = await queryClient.fetchQuery(
      trpc.entry.check.queryOptions({
        planId,
        period,
        rows: changedRows.map(({ code, series, value }) => ({ code, series, value })),
      }),
    );
    if (found.length === 0) return submit();
    const errors = found.filter((w) => w.severity === 'error');
    if (errors.length > 0) return setError(errors.map((w) => named(w, lang)).join('；'));
    // The shared rules (shared/checks.ts) say which warnings need a reason; the row's 备注 gives it.
    const unexplained = found.filter(
      (w) => w.needs === 'reason' && !(notes[key(w.code, w.series)] ?? '').trim() && !reason.trim(),
    );
    let given = reason;
    Modal.confirm({
      title: t('checkWarnings', lang),
      width: 560,
      content: (
        <div data-testid="entry-warnings">
          <ul>
            {found.map((w) => (
              <li key={`${w.code}/${w.series}/${w.kind}`}>{named(w, lang)}</li>
            ))}
          </ul>
          {unexplained.length > 0 && (
            <>
              <Typography.Paragraph>{t('reasonNeeded', lang)}</Typography.Paragraph>
              <Input.TextArea
                aria-label={t('reasonForWarnings', lang)}
                maxLength={500}
                rows={2}
                onChange={(e) => (given = e.target.value)}
              />
            </>
          )}
        </div>
      ),
      okText: t('saveAnyway', lang),
      cancelText: t('cancel', lang),
      onOk: () => {
        if (unexplained.length > 0 && !given.trim()) return Promise.reject(new Error(t('reasonNeeded', lang)));
        submit(given);
      },
    });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('entryTitle', lang)}
      </Typography.Title>
      <Flex gap="middle" align="center" wrap>
        <label htmlFor="entry-period">{t('reportPeriod', lang)}</label>
        <NativeSelect
          id="entry-period"
          data-testid="entry-period"
          value={period}
          width={160}
          onChange={onPeriod}
          options={months.map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
        />
        <Typography.Text type="secondary">
          {t('dueDate', lang)}：{data.dueDate}
          {data.approvalRequired ? ` · ${t('approvalOn', lang)}` : ''}
        </Typography.Text>
      </Flex>
      <UploadPanel key={period} planId={planId} period={period} lang={lang} onCommitted={onReceipt} />
      <Card size="small" title={t('indicators', lang)}>
        <ScrollTable
          label={t('indicators', lang)}
          data-testid="entry-table"
          size="small"
          pagination={false}
          rowKey={(r) => key(r.code, r.series)}
          dataSource={data.indicators}
          locale={{ emptyText: t('nothingDue', lang) }}
          columns={[
            { title: t('code', lang), dataIndex: 'code', width: 90 },
            {
              title: t('indicator', lang),
              key: 'name',
              render: (_v, i) => (
                <span>
                  {zh ? i.name : i.nameEn}
                  {i.seriesName && (
                    <Typography.Text type="secondary">（{zh ? i.seriesName : i.seriesNameEn}）</Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: t('convention', lang),
              key: 'conv',
              render: (_v, i) => <Tag>{zh ? i.reportingLabel : i.reportingLabelEn}</Tag>,
            },
            { title: t('target', lang), key: 'target', render: (_v, i) => (zh ? i.target : i.targetEn) },
            {
              title: t('lastMonth', lang),
              key: 'last',
              render: (_v, i) => (i.lastMonth ? formatNumber(i.lastMonth.value) : '—'),
            },
            {
              title: t('thisMonth', lang),
              key: 'value',
              render: (_v, i) => {
                const k = key(i.code, i.series);
                const text = values[k] ?? '';
                const bad = parseTypedNumber(text) === null;
                return (
                  <Space orientation="vertical" size={0}>
                    <Space size={4}>
                      <Input
                        aria-label={`${i.code} ${i.seriesName ?? ''} ${t('thisMonth', lang)}`}
                        aria-invalid={bad}
                        data-testid={`value-${k}`}
                        inputMode="decimal"
                        status={bad ? 'error' : undefined}
                        value={text}
                        onChange={(e) => setValues((prev) => ({ ...prev, [k]: e.target.value }))}
                        style={{ width: 130 }}
                      />
                      <span>{zh ? i.unit : i.unitEn}</span>
                    </Space>
                    {bad && (
                      <Typography.Text type="danger" data-testid={`value-error-${k}`}>
                        {t('notNumber', lang).replace('{text}', text.trim())}
                      </Typography.Text>
                    )}
                  </Space>
                );
              },
            },
            {
              title: t('note', lang),
              key: 'note',
              render: (_v, i) => {
                const k = key(i.code, i.series);
                return (
                  <Input
                    aria-label={`${i.code} ${t('note', lang)}`}
                    value={notes[k] ?? ''}
                    maxLength={500}
                    onChange={(e) => setNotes((prev) => ({ ...prev, [k]: e.target.value }))}
                  />
                );
              },
            },
            {
              title: t('status', lang),
              key: 'review',
              render: (_v, i) =>
                i.current ? (
                  <ReviewTag state={i.current.reviewState} comment={i.current.reviewComment} lang={lang} />
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('milestones', lang)}>
        <ScrollTable
          label={t('milestones', lang)}
          data-testid="entry-milestones"
          size="small"
          pagination={false}
          rowKey="code"
          dataSource={data.milestones}
          locale={{ emptyText: t('nothingDue', lang) }}
          columns={[
            { title: t('code', lang), dataIndex: 'code', width: 90 },
            { title: t('task', lang), key: 'task', render: (_v, m) => (zh ? m.task : m.taskEn) },
            {
              title: t('deadline', lang),
              key: 'deadline',
              render: (_v, m) => (
                <span>
                  {m.deadline}
                  {m.overdue && <Tag color="red">{t('overdue', lang)}</Tag>}
                </span>
              ),
            },
            {
              title: t('state', lang),
              key: 'state',
              render: (_v, m) => (
                <Select
                  aria-label={`${m.code} ${t('state', lang)}`}
                  style={{ width: 130 }}
                  value={states[m.code]}
                  placeholder={t('choose', lang)}
                  onChange={(s: MilestoneState) => setStates((prev) => ({ ...prev, [m.code]: s }))}
                  options={milestoneStates.map((s) => ({ value: s, label: MILESTONE_STATE_LABEL[s][lang] }))}
                />
              ),
            },
            {
              title: t('evidence', lang),
              key: 'note',
              render: (_v, m) => (
                <Input
                  aria-label={`${m.code} ${t('evidence', lang)}`}
                  value={notes[m.code] ?? m.current?.note ?? ''}
                  maxLength={500}
                  onChange={(e) => setNotes((prev) => ({ ...prev, [m.code]: e.target.value }))}
                />
              ),
            },
            {
              title: t('status', lang),
              key: 'review',
              render: (_v, m) =>
                m.current ? (
                  <ReviewTag state={m.current.reviewState} comment={m.current.reviewComment} lang={lang} />
                ) : null,
            },
          ]}
        />
      </Card>
      <Card size="small">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            aria-label={t('reason', lang)}
            placeholder={t('reasonHint', lang)}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
          />
          {error && <Alert type="error" showIcon title={error} data-testid="entry-error" />}
          {warnings && (
            <Alert
              type="warning"
              showIcon
              title={t('checkWarnings', lang)}
              description={warnings.map((w) => named(w, lang)).join('；')}
            />
          )}
          <Flex gap="small" align="center">
            <Button
              type="primary"
              data-testid="entry-save"
              loading={save.isPending}
              disabled={changedRows.length + changedMilestones.length + badNumbers.length === 0}
              onClick={() =>
                void checkThenSubmit().catch((err: unknown) => setError(errorMessage(err, t('saveFailed', lang))))
              }
            >
              {t('save', lang)}
            </Button>
            <Typography.Text type="secondary">
              {t('changedCount', lang).replace('{n}', String(changedRows.length + changedMilestones.length))}
            </Typography.Text>
          </Flex>
        </Space>
      </Card>
    </Space>
  );
}
