// Upload a filled template (or the file people actually have): download the template, send the
// file for a dry run, read every row's fate and problem, then commit all rows or none.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Flex, Input, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatNumber } from '../../shared/format';
import { confirmClearDemo, isClearDemoRefusal } from '../components/ClearDemoConfirm';
import { NativeSelect } from '../components/NativeSelect';
import { t, type Lang } from '../i18n';
import { errorMessage } from '../session';
import { useTRPC, type RouterOutputs } from '../trpc';
import { SheetChoice, UploadRefused } from './SheetChoice';
import { ScrollTable } from '../components/ScrollTable';

// The dry-run response has the shape of a stored preview (upload.get, where every field may be
// missing once a preview has expired).
type Preview = Required<Omit<RouterOutputs['upload']['get'], 'committedAt' | 'expired'>>;

const STATUS_COLOR = { new: 'blue', changed: 'orange', unchanged: 'default', error: 'red' } as const;

/** POST the file with XMLHttpRequest, which (unlike fetch) reports upload progress. */
function sendForPreview(form: FormData, onProgress: (pct: number) => void): Promise<Preview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads/preview');
    // The server refuses cross-site multipart posts; a page of ours says so with this header.
    xhr.setRequestHeader('x-plan-monitor-upload', '1');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        return reject(new Error(xhr.statusText || 'Upload failed'));
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as Preview);
      const refusal = (body as { error?: { message?: string; sheets?: string[] } }).error;
      reject(new UploadRefused(refusal?.message ?? xhr.statusText, refusal?.sheets ?? null));
    };
    xhr.onerror = () => reject(new Error('网络错误 / Network error'));
    xhr.send(form);
  });
}

export function UploadPanel({
  planId,
  period,
  lang,
  onCommitted,
}: {
  planId: string;
  period: string;
  lang: Lang;
  /** With the commit's receipt (回执), which the page shows. */
  onCommitted: (receiptId: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const units = useQuery(trpc.upload.units.queryOptions({ planId, period }));
  const [unit, setUnit] = useState<string>('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The sheets a refused workbook offers to choose from. */
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  // Names the dry run or commit in flight, so the server can tell how far it has got.
  const [token, setToken] = useState<string | null>(null);
  const serverProgress = useQuery({
    ...trpc.upload.progress.queryOptions({ token: token ?? 'none-yet' }),
    enabled: token !== null,
    refetchInterval: 400,
  });

  // The chosen unit, or the first unit with something due (the parent remounts this panel per month).
  const chosenUnit = units.data?.some((u) => u.code === unit) ? unit : (units.data?.[0]?.code ?? '');

  const commit = useMutation(
    trpc.upload.commit.mutationOptions({
      onSettled: () => setToken(null),
      onSuccess: async (result) => {
        onCommitted(result.receiptId);
        setPreview(null);
        setFile(null);
        setReason('');
        await queryClient.invalidateQueries();
        void message.success(t('uploadCommitted', lang));
      },
      onError: (err, input) => {
        if (isClearDemoRefusal(err))
          return confirmClearDemo(err, lang, () => commit.mutate({ ...input, confirmClearDemo: true }));
        setError(errorMessage(err, t('saveFailed', lang)));
      },
    }),
  );

  const runPreview = async (sheet?: string) => {
    if (!file) return;
    setError(null);
    setSheets(null);
    setPreview(null);
    setProgress(0);
    const form = new FormData();
    form.append('plan', planId);
    form.append('period', period);
    const progressToken = newToken();
    form.append('progress', progressToken);
    if (sheet) form.append('sheet', sheet);
    form.append('file', file);
    setToken(progressToken);
    try {
      setPreview(await sendForPreview(form, setProgress));
    } catch (err) {
      setError(errorMessage(err, t('uploadFailed', lang)));
      if (err instanceof UploadRefused) setSheets(err.sheets);
    } finally {
      setProgress(null);
      setToken(null);
    }
  };
  const working = token !== null ? serverProgress.data : null;

  const template = (format: 'xlsx' | 'csv') =>
    `/api/templates?${new URLSearchParams({ plan: planId, unit: chosenUnit, period, format }).toString()}`;

  return (
    <Card size="small" title={t('uploadTitle', lang)} data-testid="upload-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Flex gap="small" align="center" wrap>
          <Typography.Text>{t('template', lang)}：</Typography.Text>
          {units.data && units.data.length > 0 ? (
            <>
              <NativeSelect
                aria-label={t('units', lang)}
                data-testid="template-unit"
                value={chosenUnit}
                onChange={setUnit}
                options={units.data.map((u) => ({ value: u.code, label: `${u.name}（${u.indicators}）` }))}
              />
              <a href={template('xlsx')} download data-testid="template-xlsx">
                {t('downloadXlsx', lang)}
              </a>
              <a href={template('csv')} download>
                {t('downloadCsv', lang)}
              </a>
            </>
          ) : (
            <Typography.Text type="secondary">{t('nothingDue', lang)}</Typography.Text>
          )}
        </Flex>
        <Flex gap="small" align="center" wrap>
          <input
            type="file"
            accept=".xlsx,.csv"
            aria-label={t('chooseFile', lang)}
            data-testid="upload-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setError(null);
              setSheets(null);
            }}
          />
          <Button onClick={() => void runPreview()} disabled={!file || progress !== null} data-testid="upload-preview">
            {t('dryRun', lang)}
          </Button>
          {progress !== null && progress < 100 && (
            <Progress
              percent={progress}
              size="small"
              style={{ width: 200 }}
              format={(p) => `${t('uploading', lang)} ${p}%`}
            />
          )}
          {progress === 100 && <ImportProgressBar progress={working ?? null} lang={lang} />}
        </Flex>
        {error && <Alert type="error" showIcon title={error} data-testid="upload-error" />}
        {sheets && sheets.length > 0 && (
          <SheetChoice
            key={sheets.join('\n')}
            sheets={sheets}
            disabled={progress !== null}
            onChoose={(s) => void runPreview(s)}
            lang={lang}
          />
        )}
        {preview && <PreviewView preview={preview} lang={lang} />}
        {preview && (
          <Flex gap="small" align="center" wrap>
            {preview.summary.needsReason > 0 && (
              <Input
                style={{ width: 360 }}
                aria-label={t('reason', lang)}
                placeholder={t('reasonHint', lang)}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
            <Button
              type="primary"
              data-testid="upload-commit"
              disabled={!preview.summary.canCommit || (preview.summary.needsReason > 0 && !reason.trim())}
              loading={commit.isPending}
              onClick={() => {
                const progressToken = newToken();
                setToken(progressToken);
                commit.mutate({ uploadId: preview.uploadId, reason: reason.trim() || undefined, progressToken });
              }}
            >
              {t('commitUpload', lang)}
            </Button>
            {commit.isPending && <ImportProgressBar progress={working ?? null} lang={lang} />}
            {!preview.summary.canCommit && <Typography.Text type="danger">{t('fixErrorsFirst', lang)}</Typography.Text>}
          </Flex>
        )}
      </Space>
    </Card>
  );
}

/** A token naming one dry run or commit (crypto.randomUUID needs a secure context; this does not). */
function newToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

type ServerProgress = RouterOutputs['upload']['progress'];

/** The server's side of a dry run or commit: parsing, then rows checked or saved of the total. */
function ImportProgressBar({ progress, lang }: { progress: ServerProgress; lang: Lang }) {
  const phase = progress?.phase ?? 'parsing';
  const counted = progress !== null && progress.total > 0;
  const percent = counted ? Math.floor((progress.done / progress.total) * 100) : 0;
  return (
    <Flex gap="small" align="center" data-testid="import-progress">
      <Progress
        percent={percent}
        status="active"
        size="small"
        style={{ width: 200 }}
        format={() => (counted ? `${percent}%` : '')}
      />
      <Typography.Text type="secondary">{t(`phase_${phase}`, lang)}</Typography.Text>
    </Flex>
  );
}

/** Errors by kind (the table lists the first of each kind) and the full list as a file. */
function ErrorSummary({ preview, lang }: { preview: Preview; lang: Lang }) {
  const href = (format: string) => `/api/uploads/${encodeURIComponent(preview.uploadId)}/errors.${format}`;
  return (
    <Alert
      type="error"
      data-testid="error-summary"
      title={preview.errorKinds.map((k) => (
        <div key={k.label}>
          {t('errorKindLine', lang)
            .replace('{kind}', k.label)
            .replace('{n}', formatNumber(k.rows))
            .replace('{listed}', formatNumber(k.listed))}
        </div>
      ))}
      description={
        <Space>
          {t('errorFile', lang)}
          <a href={href('xlsx')} download>
            Excel
          </a>
          <a href={href('csv')} download>
            CSV
          </a>
        </Space>
      }
    />
  );
}

function PreviewView({ preview, lang }: { preview: Preview; lang: Lang }) {
  const s = preview.summary;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="upload-preview-result">
      <Flex gap="small" wrap>
        <Tag>
          {preview.fileName}
          {preview.sheet ? ` · ${preview.sheet}` : ''}
        </Tag>
        <Tag color="blue">
          {t('rowNew', lang)} {s.new}
        </Tag>
        <Tag color="orange">
          {t('rowChanged', lang)} {s.changed}
        </Tag>
        <Tag>
          {t('rowUnchanged', lang)} {s.unchanged}
        </Tag>
        <Tag color="red">
          {t('rowError', lang)} {s.errors}
        </Tag>
        {s.warnings > 0 && <Tag color="gold">{`${t('checkWarnings', lang)} ${s.warnings}`}</Tag>}
      </Flex>
      {preview.notes.map((n) => (
        <Typography.Text key={n} type="secondary">
          {n}
        </Typography.Text>
      ))}
      {s.clearsDemo && <Alert type="info" showIcon title={t('clearsDemo', lang)} />}
      {preview.unlistedRows > 0 && (
        <Typography.Text type="secondary" data-testid="unlisted-rows">
          {t('unlistedRows', lang).replace('{n}', formatNumber(preview.unlistedRows))}
        </Typography.Text>
      )}
      {s.errors > 0 && <ErrorSummary preview={preview} lang={lang} />}
      <ScrollTable
        label={preview.fileName}
        size="small"
        // A wide file gives one row of the sheet a figure per month.
        rowKey={(r) => `${r.rowNumber}|${r.period ?? ''}|${r.code ?? ''}`}
        pagination={preview.rows.length > 50 ? { pageSize: 50 } : false}
        dataSource={preview.rows}
        columns={[
          { title: t('row', lang), dataIndex: 'rowNumber', width: 60 },
          { title: t('code', lang), dataIndex: 'code', width: 90 },
          { title: t('indicator', lang), key: 'name', render: (_v, r) => r.name ?? '' },
          { title: t('reportPeriod', lang), dataIndex: 'period', width: 90 },
          {
            title: t('change', lang),
            key: 'value',
            render: (_v, r) =>
              r.status === 'changed'
                ? `${formatNumber(r.old ?? 0)} → ${formatNumber(r.value ?? 0)}`
                : r.value !== null
                  ? formatNumber(r.value)
                  : '',
          },
          {
            title: t('status', lang),
            key: 'status',
            render: (_v, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`row_${r.status}`, lang)}</Tag>,
          },
          {
            title: t('problems', lang),
            key: 'problems',
            render: (_v, r) => (
              <Space orientation="vertical" size={0}>
                {r.problems.map((p) => (
                  <Typography.Text key={p.message} type="danger">
                    {p.message}
                  </Typography.Text>
                ))}
                {r.warnings.map((p) => (
                  <Typography.Text key={p.message} type="warning">
                    {p.message}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
