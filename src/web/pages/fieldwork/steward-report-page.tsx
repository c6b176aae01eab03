import { Button, Empty, Form, Input, List, Result, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { FieldworkNav } from './bits.js';

interface Missing { period: string; stairwells: number; filed: number; missing: MissingStairwell[] }
interface MissingStairwell { gridId: string; name: string; stewardName: string | null }

/** 四清四报 (/fieldwork/steward): the steward's monthly report from the phone, and the community's board of missing reports. */
export default function StewardReportPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>();
  const [isFiled, setFiled] = useState(false);
  const canBoard = can('fieldwork.read') && me?.role !== 'steward';
  const board = useApi<Missing>(canBoard ? '/api/fieldwork/steward-reports/missing' : null);

  const boardColumns: ExportableColumn<MissingStairwell>[] = [
    { key: 'state', title: t('fieldwork.board.state'), render: () => t('fieldwork.board.missing') },
    { key: 'name', title: t('fieldwork.steward.stairwell'), render: (_, m) => m.name },
    { key: 'steward', title: t('fieldwork.board.steward'), render: (_, m) => m.stewardName ?? '' },
  ];

  const submit = async (v: Record<string, string>) => {
    setError(undefined);
    try {
      await api('/api/fieldwork/steward-reports', {
        method: 'POST',
        body: { gridId: v.gridId, known: { residents: v.residents, situations: v.situations, needs: v.needs, hazards: v.hazards }, reported: v.reportText ? [{ kind: v.reportKind ?? 'hazard', text: v.reportText }] : [] },
      });
      setFiled(true);
      board.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page" data-testid="steward-report-page">
      <h1 className="gg-page-title">{t('fieldwork.steward.title')}</h1>
      <FieldworkNav />
      {can('stewardReport.file') && (
        <Panel title={<h2 className="gg-h2">{t('fieldwork.steward.file')}</h2>}>
          <ProblemAlert error={error} />
          {isFiled ? (
            <Result status="success" title={t('fieldwork.steward.filed')} extra={<Button onClick={() => { setFiled(false); form.resetFields(); }}>{t('fieldwork.steward.another')}</Button>} />
          ) : (
            <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reportKind: 'hazard' }}>
              <Form.Item name="gridId" label={t('fieldwork.steward.stairwell')} rules={[{ required: true }]}><GridTreeSelect onChange={() => undefined} /></Form.Item>
              {(['residents', 'situations', 'needs', 'hazards'] as const).map((k) => (
                <Form.Item key={k} name={k} label={t(`fieldwork.steward.known.${k}`)} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
              ))}
              <Space.Compact block>
                <Form.Item name="reportKind" noStyle>
                  <Select aria-label={t('fieldwork.steward.reportKind')} style={{ width: 120 }} options={['hazard', 'dispute', 'need', 'change'].map((k) => ({ value: k, label: t(`fieldwork.steward.kind.${k}`) }))} />
                </Form.Item>
                <Form.Item name="reportText" noStyle><Input aria-label={t('fieldwork.steward.report')} placeholder={t('fieldwork.steward.report')} /></Form.Item>
              </Space.Compact>
              <Button type="primary" htmlType="submit" block style={{ marginTop: 16 }}>{t('fieldwork.steward.submit')}</Button>
            </Form>
          )}
        </Panel>
      )}
      {canBoard && (
        <Panel
          title={<h2 className="gg-h2">{t('fieldwork.board.title', { period: board.data?.period ?? '' })}</h2>}
          extra={<ExportButton rows={board.data?.missing ?? []} columns={boardColumns} fileName={t('fieldwork.board.title', { period: board.data?.period ?? '' })} />}
          data-testid="missing-board"
        >
          <ProblemAlert error={board.error} />
          {board.data && <p>{t('fieldwork.board.summary', { filed: board.data.filed, total: board.data.stairwells })}</p>}
          <List
            dataSource={board.data?.missing ?? []}
            locale={{ emptyText: <Empty description={t('fieldwork.board.none')} /> }}
            renderItem={(m) => <List.Item data-testid="missing-item"><Space><Tag color="red">{t('fieldwork.board.missing')}</Tag><span data-testid="missing-name">{m.name}</span>{m.stewardName && <span data-testid="missing-steward">· {m.stewardName}</span>}</Space></List.Item>}
          />
        </Panel>
      )}
    </div>
  );
}
