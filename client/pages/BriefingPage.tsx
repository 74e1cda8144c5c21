import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Progress, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatPeriod } from '../../shared/format';
import { LoadError, Loading, usePlanId } from '../App';
import { NativeSelect } from '../components/NativeSelect';
import { t, useLang, type Lang } from '../i18n';
import { can, errorMessage, useMe } from '../session';
import {
  BriefingHeaderCard,
  BriefingNotes,
  BriefingOptions,
  DEFAULT_CHOICE,
  useRemembered,
  type Extras,
} from './BriefingExtras';
import { useTRPC, type RouterOutputs } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

type Snapshot = RouterOutputs['briefing']['list'][number];
type Scope = Snapshot['scope'];
type ScopeKind = Scope['kind'];
type Tree = RouterOutputs['plan']['tree'];

const downloadUrl = (id: string) => `/api/briefings/${id}`;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function scopeText(scope: Scope, tree: Tree, lang: Lang): string {
  const zh = lang === 'zh';
  const sep = zh ? '、' : ', ';
  switch (scope.kind) {
    case 'plan':
      return t('scope_plan', lang);
    case 'sections':
      return tree.sections
        .filter((s) => scope.sections.includes(s.no))
        .map((s) => (zh ? s.title : s.titleEn))
        .join(sep);
    case 'units': {
      const units = new Map(
        tree.sections
          .flatMap((s) => s.subsections.flatMap((sub) => sub.measures.flatMap((m) => m.units)))
          .map((u) => [u.code, u]),
      );
      return scope.units.map((c) => (zh ? units.get(c)?.name : units.get(c)?.nameEn) ?? c).join(sep);
    }
    case 'measures':
      return `${t('scope_measures', lang)}：${scope.measures.join(sep)}`;
  }
}

/** 简报导出: choose, build with progress, download; earlier briefings below, as they were. */
export default function BriefingPage() {
  const lang = useLang();
  const me = useMe();
  if (me.isPending) return <Loading lang={lang} />;
  if (!me.data)
    return (
      <Alert
        type="info"
        title={t('briefingLogin', lang)}
        action={<Link to={`/login${lang === 'en' ? '?lang=en' : ''}`}>{t('login', lang)}</Link>}
      />
    );
  return <BriefingBuilder lang={lang} userId={me.data.id} canEditHeader={can(me.data.role, 'admin', 'leader')} />;
}

function BriefingBuilder({ lang, userId, canEditHeader }: { lang: Lang; userId: number; canEditHeader: boolean }) {
  const zh = lang === 'zh';
  const planId = usePlanId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const options = useQuery(trpc.briefing.options.queryOptions({ planId }));
  const tree = useQuery(trpc.plan.tree.queryOptions({ planId }));
  const list = useQuery(trpc.briefing.list.queryOptions({ planId }));
  const [period, setPeriod] = useState<string | null>(null);
  const [kind, setKind] = useState<ScopeKind>('plan');
  const [picked, setPicked] = useState<{ sections: number[]; units: string[]; measures: number[] }>({
    sections: [],
    units: [],
    measures: [],
  });
  // Format, language and annex options are remembered per user in this browser.
  const [remembered, remember] = useRemembered<{
    format: 'docx' | 'pptx';
    docLang: Lang;
    choice: NonNullable<Extras['choice']>;
  }>(`briefing-options:${userId}`, {
    format: 'docx',
    docLang: lang,
    choice: DEFAULT_CHOICE,
  });
  const { format, docLang, choice } = remembered;
  const setFormat = (f: 'docx' | 'pptx') => remember({ ...remembered, format: f });
  const setDocLang = (l: Lang) => remember({ ...remembered, docLang: l });
  const [notes, setNotes] = useRemembered<NonNullable<Extras['notes']>>(`briefing-notes:${userId}:${planId}`, {
    nextSteps: '',
    analysis: [],
  });
  const [issuedOn, setIssuedOn] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation(
    trpc.briefing.start.mutationOptions({
      onSuccess: (job) => setJobId(job.id),
      onError: (err) => void message.error(errorMessage(err, t('briefingFailed', lang))),
    }),
  );
  const job = useQuery({
    ...trpc.briefing.job.queryOptions({ jobId: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 400 : false),
  });
  const finished = job.data?.state === 'done' ? job.data : null;
  const [listedFor, setListedFor] = useState<string | null>(null);
  if (finished?.briefingId && listedFor !== finished.briefingId) {
    setListedFor(finished.briefingId);
    void queryClient.invalidateQueries(trpc.briefing.list.queryFilter({ planId }));
  }

  if (options.isPending || tree.isPending) return <Loading lang={lang} />;
  if (options.isError || tree.isError)
    return <LoadError lang={lang} retry={() => void options.refetch()} error={options.error} />;
  const periods = options.data.periods;
  const chosenPeriod = period ?? periods.at(-1) ?? null;
  const sections = tree.data.sections;
  const measures = sections.flatMap((s) => s.subsections.flatMap((sub) => sub.measures));
  const units = [...new Map(measures.flatMap((m) => m.units).map((u) => [u.code, u])).values()];

  const scope: Scope =
    kind === 'plan'
      ? { kind }
      : kind === 'sections'
        ? { kind, sections: picked.sections }
        : kind === 'units'
          ? { kind, units: picked.units }
          : { kind, measures: picked.measures };
  const emptyScope = kind !== 'plan' && picked[kind].length === 0;
  const running = start.isPending || job.data?.state === 'running' || (jobId !== null && job.isPending);

  const build = () => {
    if (!chosenPeriod) return;
    setJobId(null);
    start.mutate({
      planId,
      period: chosenPeriod,
      scope,
      format,
      lang: docLang,
      extras: { issuedOn: issuedOn || undefined, notes, choice },
    });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('briefingTitle', lang)}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('briefingIntro', lang)}
      </Typography.Paragraph>
      <Card size="small">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {periods.length === 0 ? (
            <Alert type="warning" title={zh ? '本方案尚无报送数据，无法生成简报。' : 'No figures reported yet.'} />
          ) : (
            <Flex gap="small" align="center">
              <label htmlFor="briefing-period">{t('reportPeriod', lang)}</label>
              <NativeSelect
                id="briefing-period"
                data-testid="briefing-period"
                value={chosenPeriod ?? ''}
                options={[...periods].reverse().map((p) => ({ value: p, label: formatPeriod(p, lang) }))}
                onChange={setPeriod}
              />
            </Flex>
          )}
          <Flex gap="small" align="center" wrap>
            <span>{t('briefingScope', lang)}</span>
            <Radio.Group
              data-testid="briefing-scope-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as ScopeKind)}
              optionType="button"
              options={(['plan', 'sections', 'units', 'measures'] as const).map((k) => ({
                value: k,
                label: t(`scope_${k}`, lang),
              }))}
            />
          </Flex>
          {kind === 'sections' && (
            <Select
              mode="multiple"
              data-testid="briefing-pick"
              style={{ width: '100%' }}
              aria-label={t('briefingPickSections', lang)}
              placeholder={t('briefingPickSections', lang)}
              value={picked.sections}
              onChange={(v: number[]) => setPicked({ ...picked, sections: v })}
              options={sections.map((s) => ({ value: s.no, label: `${s.no}. ${zh ? s.title : s.titleEn}` }))}
              optionFilterProp="label"
            />
          )}
          {kind === 'units' && (
            <Select
              mode="multiple"
              data-testid="briefing-pick"
              style={{ width: '100%' }}
              aria-label={t('briefingPickUnits', lang)}
              placeholder={t('briefingPickUnits', lang)}
              value={picked.units}
              onChange={(v: string[]) => setPicked({ ...picked, units: v })}
              options={units.map((u) => ({ value: u.code, label: zh ? u.name : u.nameEn }))}
              optionFilterProp="label"
            />
          )}
          {kind === 'measures' && (
            <Select
              mode="multiple"
              data-testid="briefing-pick"
              style={{ width: '100%' }}
              aria-label={t('briefingPickMeasures', lang)}
              placeholder={t('briefingPickMeasures', lang)}
              value={picked.measures}
              onChange={(v: number[]) => setPicked({ ...picked, measures: v })}
              options={measures.map((m) => ({ value: m.no, label: `${m.no}. ${zh ? m.title : m.titleEn}` }))}
              optionFilterProp="label"
            />
          )}
          <Flex gap="large" wrap>
            <Flex gap="small" align="center">
              <span>{t('briefingFormat', lang)}</span>
              <Radio.Group
                data-testid="briefing-format"
                value={format}
                onChange={(e) => setFormat(e.target.value as 'docx' | 'pptx')}
                options={[
                  { value: 'docx', label: 'Word (.docx)' },
                  { value: 'pptx', label: 'PowerPoint (.pptx)' },
                ]}
              />
            </Flex>
            <Flex gap="small" align="center">
              <span>{t('briefingLang', lang)}</span>
              <Radio.Group
                data-testid="briefing-lang"
                value={docLang}
                onChange={(e) => setDocLang(e.target.value as Lang)}
                options={[
                  { value: 'zh', label: '中文' },
                  { value: 'en', label: 'English' },
                ]}
              />
            </Flex>
          </Flex>
          <BriefingOptions
            lang={lang}
            format={format}
            choice={choice}
            onChoice={(c) => remember({ ...remembered, choice: c })}
          />
          <BriefingNotes
            lang={lang}
            notes={notes}
            onNotes={setNotes}
            issuedOn={issuedOn}
            onIssuedOn={setIssuedOn}
            measures={measures}
          />
          <Flex gap="middle" align="center" wrap>
            <Button
              type="primary"
              data-testid="briefing-build"
              disabled={!chosenPeriod || emptyScope}
              loading={running}
              onClick={build}
            >
              {t('briefingBuild', lang)}
            </Button>
            {emptyScope && <Typography.Text type="warning">{t('briefingEmptyScope', lang)}</Typography.Text>}
          </Flex>
          {job.data && (
            <div data-testid="briefing-progress" data-state={job.data.state} aria-live="polite">
              <Progress
                percent={job.data.total === 0 ? 100 : Math.round((job.data.done / job.data.total) * 100)}
                status={job.data.state === 'failed' ? 'exception' : job.data.state === 'done' ? 'success' : 'active'}
              />
              {job.data.state === 'running' && (
                <Typography.Text>
                  {t('briefingProgress', lang)
                    .replace('{done}', String(job.data.done))
                    .replace('{total}', String(job.data.total))}
                </Typography.Text>
              )}
              {job.data.state === 'failed' && (
                <Alert type="error" title={job.data.error ?? t('briefingFailed', lang)} />
              )}
              {finished?.briefingId && (
                <Flex gap="small" align="center">
                  <Typography.Text type="success">{t('briefingReady', lang)}</Typography.Text>
                  <Button href={downloadUrl(finished.briefingId)} data-testid="briefing-download" type="primary" ghost>
                    {t('briefingDownload', lang)} {finished.fileName}
                  </Button>
                </Flex>
              )}
            </div>
          )}
        </Space>
      </Card>
      <BriefingHeaderCard lang={lang} planId={planId} canEdit={canEditHeader} />
      <Card size="small" title={t('briefingHistory', lang)}>
        {list.isPending ? (
          <Loading lang={lang} />
        ) : list.isError ? (
          <LoadError lang={lang} retry={() => void list.refetch()} />
        ) : (
          <ScrollTable<Snapshot>
            label={t('briefingHistory', lang)}
            data-testid="briefing-list"
            size="small"
            rowKey="id"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={list.data}
            locale={{ emptyText: t('briefingNone', lang) }}
            columns={[
              {
                title: t('briefingCreatedAt', lang),
                dataIndex: 'createdAt',
                render: (v: string) => new Date(v).toLocaleString(zh ? 'zh-CN' : 'en-GB'),
              },
              { title: t('reportPeriod', lang), dataIndex: 'period', render: (p: string) => formatPeriod(p, lang) },
              { title: t('briefingScope', lang), key: 'scope', render: (_v, b) => scopeText(b.scope, tree.data, lang) },
              {
                title: t('briefingFormat', lang),
                key: 'format',
                render: (_v, b) =>
                  `${b.format === 'docx' ? 'Word' : 'PowerPoint'} · ${b.lang === 'zh' ? '中文' : 'English'}`,
              },
              { title: t('briefingCreatedBy', lang), dataIndex: 'createdByName' },
              { title: t('briefingSize', lang), dataIndex: 'fileSize', render: (n: number) => sizeText(n) },
              {
                title: t('actions', lang),
                key: 'download',
                render: (_v, b) => (
                  <a href={downloadUrl(b.id)} title={b.fileName}>
                    {t('briefingDownload', lang)}
                  </a>
                ),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
