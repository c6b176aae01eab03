import { useState } from 'react';
import { Alert, Button, Segmented, Space, Table, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { rawPost } from '../cases/http.js';

const kinds = ['residents', 'partyMembers', 'buildings', 'organizations'] as const;
type Kind = (typeof kinds)[number];

interface RowProblem {
  row: number;
  column: string;
  reason: string;
  message: string;
}

interface Report {
  ok: boolean;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: RowProblem[];
}

/** A refused import's problem+json carries the report and every bad row (row and column set). */
function refusedRows(error: unknown): RowProblem[] | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const rows = (error.problem.errors ?? []).filter((e) => typeof (e as Partial<RowProblem>).row === 'number') as unknown as RowProblem[];
  return rows.length ? rows : null;
}

/** 数据导入 (/imports): choose a kind, download its template, upload, read the dry run's report, then import. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const allowed = kinds.filter((k) => can(`import.${k}`));
  const [kind, setKind] = useState<Kind>(allowed[0] ?? 'residents');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  // The refused rows' report, also what its Excel export writes (to fix the file row by row).
  const errorColumns: TableColumnsType<RowProblem> = [
    { key: 'row', title: t('imports.errorRow'), dataIndex: 'row', width: 90 },
    { key: 'column', title: t('imports.errorColumn'), width: 180, render: (_, r) => t(`imports.columns.${r.column}`, { defaultValue: r.column }) },
    { key: 'reason', title: t('imports.errorReason'), dataIndex: 'message' },
  ];

  const reset = () => {
    setReport(null);
    setError(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'apply');
    reset();
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      setReport(await rawPost<Report>(`/api/imports/${kind}?dryRun=${dryRun}`, form, { csrfToken: me?.csrfToken }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const rows = refusedRows(error);

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('imports.title')}</h1>
          <span className="gg-muted">{t('imports.subtitle')}</span>
        </div>
      </div>
      <Panel title={t('imports.step1')}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Segmented<Kind>
            aria-label={t('imports.kind')}
            value={kind}
            onChange={(value) => {
              setKind(value);
              setFile(null);
              reset();
            }}
            options={allowed.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
            data-testid="import-kind"
          />
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={`/api/imports/${kind}/template.xlsx`} data-testid="template-xlsx">
              {t('imports.templateXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={`/api/imports/${kind}/template.csv`} data-testid="template-csv">
              {t('imports.templateCsv')}
            </Button>
          </Space>
          <span className="gg-muted">{t('imports.templateHint')}</span>
        </Space>
      </Panel>
      <Panel title={t('imports.step2')}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              reset();
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('imports.chooseFile')}</p>
          </Upload.Dragger>
          <Space wrap>
            <Button type="primary" disabled={!file} loading={busy === 'check'} onClick={() => void send(true)} data-testid="import-check">
              {busy === 'check' ? t('imports.checking') : t('imports.check')}
            </Button>
          </Space>
        </Space>
      </Panel>
      {rows ? (
        <Panel title={t('imports.step3')} extra={<ExportButton rows={rows} columns={errorColumns} fileName={t('imports.errorsFile')} testId="export-import-errors" />}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Alert type="error" showIcon role="alert" title={t('imports.refused', { count: rows.length })} data-testid="import-refused" />
            <Table<RowProblem>
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              data-testid="import-errors"
              columns={errorColumns}
            />
          </Space>
        </Panel>
      ) : error ? (
        <ProblemAlert error={error} testId="import-problem" />
      ) : null}
      {report ? (
        <Panel title={t('imports.step3')}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Alert
              type={report.dryRun ? 'info' : 'success'}
              showIcon
              title={t(report.dryRun ? 'imports.dryRunOk' : 'imports.applied', { rows: report.rows, created: report.created, updated: report.updated })}
              data-testid="import-report"
            />
            {report.dryRun ? (
              <Button type="primary" loading={busy === 'apply'} onClick={() => void send(false)} data-testid="import-apply">
                {busy === 'apply' ? t('imports.applying') : t('imports.apply')}
              </Button>
            ) : (
              <Button
                onClick={() => {
                  setFile(null);
                  reset();
                }}
              >
                {t('imports.reset')}
              </Button>
            )}
          </Space>
        </Panel>
      ) : null}
    </div>
  );
}
