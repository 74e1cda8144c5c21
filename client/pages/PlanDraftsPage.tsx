import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LoadError, Loading, useKeptSearch } from '../App';
import { t, useLang } from '../i18n';
import { useTRPC } from '../trpc';
import { ScrollTable } from '../components/ScrollTable';

/** POST the file's bytes; the answer is the new draft's id or a Chinese message. */
async function uploadPlanFile(file: File): Promise<string> {
  const res = await fetch(`/api/plan-drafts?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { id?: string; error?: { message?: string } };
  if (!res.ok || !body.id) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body.id;
}

export default function PlanDraftsPage() {
  const lang = useLang();
  const zh = lang === 'zh';
  const trpc = useTRPC();
  const keep = useKeptSearch();
  const navigate = useNavigate();
  const drafts = useQuery(trpc.planDrafts.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const id = await uploadPlanFile(file);
      await navigate(`/admin/plans/${id}${keep}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('planDraftsTitle', lang)}</Typography.Title>
      <Typography.Paragraph>
        {zh
          ? '上传方案的 Word（.docx）或文本（.txt，UTF-8 或 GBK）文件，系统自动起草措施、责任单位、指标和任务节点；核对后发布，即可填报和监测。'
          : 'Upload the plan as .docx or .txt; measures, units, targets and dated tasks are drafted for you to review and publish.'}
      </Typography.Paragraph>
      <label>
        <Button type="primary" loading={busy} onClick={() => document.getElementById('plan-file')?.click()}>
          {zh ? '选择方案文件' : 'Choose a plan file'}
        </Button>
        <input
          id="plan-file"
          data-testid="plan-file"
          type="file"
          accept=".docx,.txt"
          style={{ display: 'none' }}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </label>
      {error && <Alert type="error" title={error} data-testid="plan-file-error" />}
      {drafts.isPending ? (
        <Loading lang={lang} />
      ) : drafts.isError ? (
        <LoadError lang={lang} retry={() => void drafts.refetch()} />
      ) : (
        <ScrollTable
          label={t('planDraftsTitle', lang)}
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={drafts.data}
          columns={[
            {
              title: zh ? '文件' : 'File',
              dataIndex: 'fileName',
              render: (name: string, row) => <Link to={`/admin/plans/${row.id}${keep}`}>{name}</Link>,
            },
            {
              title: zh ? '最后保存' : 'Saved',
              dataIndex: 'updatedAt',
              render: (v: string) => v.slice(0, 16).replace('T', ' '),
            },
            {
              title: zh ? '已发布为' : 'Published as',
              dataIndex: 'publishedPlanId',
              render: (id: string | null) => id ?? (zh ? '未发布' : 'not yet'),
            },
          ]}
        />
      )}
    </Space>
  );
}
