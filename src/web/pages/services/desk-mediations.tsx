import { Button, Form, Input, List, Modal, Radio, Space, Switch, Tag, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { DeskList, useDeskList } from './desk-list.js';
import { useSubmit } from '../../use-submit.js';
import { beijingToday } from '../../format.js';
import { outcomeColor, outcomes, type Mediation } from './desk-bits.js';


/** 调解: mediated disputes in scope, and recording one with its outcome. */
export function MediationsTab({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const mediations = useDeskList<Mediation>('/api/services/mediations');
  const { list, setPage } = mediations;
  const [isRecording, setRecording] = useState(false);
  const yesNo = (b: boolean) => (b ? t('services.desk.yes') : t('services.desk.no'));
  const columns: ExportableColumn<Mediation>[] = [
    { key: 'mediatedOn', title: t('services.desk.field.mediatedOn'), render: (_, m) => m.mediatedOn },
    { key: 'title', title: t('services.desk.field.title'), render: (_, m) => m.title },
    { key: 'parties', title: t('services.desk.field.parties'), render: (_, m) => m.parties },
    { key: 'outcome', title: t('services.desk.field.outcome'), render: (_, m) => t(`services.desk.outcome.${m.outcome}`) },
    { key: 'isByAlliance', title: t('services.desk.field.isByAlliance'), render: (_, m) => yesNo(m.isByAlliance) },
    { key: 'mediatorName', title: t('services.desk.field.mediatorName'), render: (_, m) => m.mediatorName },
    { key: 'note', title: t('services.desk.field.note'), render: (_, m) => m.note ?? '' },
  ];

  return (
    <div className="gg-page" data-testid="desk-mediations">
      <Panel>
        <div className="gg-desk-toolbar">
          <div className="gg-muted" data-testid="mediations-total">{t('services.desk.total', { count: list.data?.total ?? 0 })}</div>
          <Space wrap size={[8, 8]}>
            <ExportButton path="/api/services/mediations" columns={columns} fileName={t('services.desk.exportMediations')} testId="export-mediations" />
            {can('mediation.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="mediation-new">
                {t('services.desk.recordMediation')}
              </Button>
            )}
          </Space>
        </div>
      </Panel>
      <ProblemAlert error={list.error} />
      <Panel>
        <DeskList
          state={mediations}
          renderItem={(m: Mediation) => (
            <List.Item key={m.id} className="gg-desk-item" data-testid="mediation-item">
              <div className="gg-desk-item-head">
                <Tag color={outcomeColor[m.outcome]} data-testid="mediation-outcome">{t(`services.desk.outcome.${m.outcome}`)}</Tag>
                {m.isByAlliance && <Tag color="gold">{t('services.desk.field.isByAlliance')}</Tag>}
                <strong data-testid="mediation-title">{m.title}</strong>
              </div>
              <div>
                {t('services.desk.field.parties')}：{m.parties}
              </div>
              <div className="gg-muted">
                {m.mediatedOn} · {t('services.desk.field.mediatorName')}：{m.mediatorName}
              </div>
              {m.note && <div className="gg-desk-answer">{m.note}</div>}
            </List.Item>
          )}
        />
      </Panel>
      {isRecording && (
        <RecordMediationModal
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            setPage(1);
            list.reload();
            onChanged();
          }}
        />
      )}
    </div>
  );
}

interface MediationValues {
  title: string;
  parties: string;
  outcome: string;
  isByAlliance: boolean;
  mediatorName: string;
  note?: string;
  gridId: string;
  mediatedOn: string;
}

function RecordMediationModal({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm<MediationValues>();
  const required = [{ required: true, whitespace: true, message: t('services.desk.required') }];
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: MediationValues) => {
    await api('/api/services/mediations', {
      method: 'POST',
      body: { title: v.title.trim(), parties: v.parties.trim(), outcome: v.outcome, isByAlliance: Boolean(v.isByAlliance), mediatorName: v.mediatorName.trim(), note: v.note?.trim() || undefined, gridId: v.gridId, mediatedOn: v.mediatedOn },
    });
    void message.success(t('services.desk.recorded'));
    onDone();
  });

  return (
    <Modal open title={t('services.desk.recordMediation')} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'settled', isByAlliance: true, mediatorName: me?.displayName ?? '', mediatedOn: beijingToday() }} data-testid="mediation-form">
        <Form.Item name="title" label={t('services.desk.field.title')} rules={[...required, { min: 2, max: 120 }]}>
          <Input maxLength={120} data-testid="mediation-title-input" />
        </Form.Item>
        <Form.Item name="parties" label={t('services.desk.field.parties')} extra={t('services.desk.help.parties')} rules={[...required, { max: 200 }]}>
          <Input maxLength={200} data-testid="mediation-parties" />
        </Form.Item>
        <Form.Item name="outcome" label={t('services.desk.field.outcome')} rules={required}>
          <Radio.Group optionType="button" buttonStyle="solid" options={outcomes.map((v) => ({ value: v, label: t(`services.desk.outcome.${v}`) }))} data-testid="mediation-outcome-input" />
        </Form.Item>
        <Form.Item name="isByAlliance" label={t('services.desk.field.isByAlliance')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="mediatorName" label={t('services.desk.field.mediatorName')} rules={[...required, { max: 40 }]}>
          <Input maxLength={40} data-testid="mediation-mediator" />
        </Form.Item>
        <Form.Item name="gridId" label={t('services.desk.field.grid')} rules={[{ required: true, message: t('services.desk.required') }]}>
          <GridTreeSelect aria-label={t('services.desk.field.grid')} pickFirstRoot />
        </Form.Item>
        <Form.Item name="mediatedOn" label={t('services.desk.field.mediatedOn')} rules={[{ required: true, message: t('services.desk.required') }]}>
          <Input type="date" max={beijingToday()} data-testid="mediation-date" />
        </Form.Item>
        <Form.Item name="note" label={t('services.desk.field.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="mediation-submit">
            {t('services.desk.save')}
          </Button>
          <Button onClick={onClose}>{t('services.desk.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
