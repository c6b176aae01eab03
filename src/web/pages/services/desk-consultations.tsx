import { Button, Form, Input, List, Modal, Radio, Select, Space, Tag, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { DeskList, FilterSelect, useDeskList } from './desk-list.js';
import { useSubmit } from '../../use-submit.js';
import { CategoryCascader, useCategories } from '../cases/case-bits.js';
import { beijing, channels, consultationStates, staffChannels, stateColor, topics, type Consultation } from './desk-bits.js';


type Filters = {
  topic?: string;
  status?: string;
  channel?: string;
};

/** 咨询: the consultations in the desk's scope, with logging, answering and turning into a case. */
export function ConsultationsTab({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const consultations = useDeskList<Consultation, Filters>('/api/services/consultations');
  const { list, filters, update } = consultations;
  const [isLogging, setLogging] = useState(false);
  const [answering, setAnswering] = useState<Consultation | null>(null);
  const [turning, setTurning] = useState<Consultation | null>(null);
  const mayHandle = can('consultation.handle');
  const changed = () => {
    list.reload();
    onChanged();
  };

  const columns: ExportableColumn<Consultation>[] = [
    { key: 'createdAt', title: t('services.desk.field.createdAt'), render: (_, c) => beijing(c.createdAt) },
    { key: 'channel', title: t('services.desk.field.channel'), render: (_, c) => t(`services.desk.channel.${c.channel}`) },
    { key: 'topic', title: t('services.desk.field.topic'), render: (_, c) => t(`services.desk.topic.${c.topic}`) },
    { key: 'askerName', title: t('services.desk.field.askerName'), render: (_, c) => c.askerName ?? '' },
    { key: 'question', title: t('services.desk.field.question'), render: (_, c) => c.question },
    { key: 'state', title: t('services.desk.field.state'), render: (_, c) => t(`services.desk.state.${c.status}`) },
    { key: 'answer', title: t('services.desk.field.answer'), render: (_, c) => c.answer ?? '' },
    { key: 'answeredAt', title: t('services.desk.field.answeredAt'), render: (_, c) => beijing(c.answeredAt) },
  ];

  return (
    <div className="gg-page" data-testid="desk-consultations">
      <Panel>
        <div className="gg-desk-toolbar">
          <div className="gg-desk-filters">
            <FilterSelect label={t('services.desk.filter.topic')} value={filters.topic} onChange={(topic) => update({ topic })} options={topics.map((v) => ({ value: v, label: t(`services.desk.topic.${v}`) }))} testId="filter-topic" />
            <FilterSelect label={t('services.desk.filter.state')} value={filters.status} onChange={(status) => update({ status })} options={consultationStates.map((v) => ({ value: v, label: t(`services.desk.state.${v}`) }))} testId="filter-state" />
            <FilterSelect label={t('services.desk.filter.channel')} value={filters.channel} onChange={(channel) => update({ channel })} options={channels.map((v) => ({ value: v, label: t(`services.desk.channel.${v}`) }))} testId="filter-channel" />
          </div>
          <Space wrap size={[8, 8]}>
            <ExportButton path="/api/services/consultations" query={{ ...filters }} columns={columns} fileName={t('services.desk.exportConsultations')} testId="export-consultations" />
            {can('consultation.log') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setLogging(true)} data-testid="consultation-new">
                {t('services.desk.logConsultation')}
              </Button>
            )}
          </Space>
        </div>
      </Panel>
      <ProblemAlert error={list.error} />
      <Panel>
        <div className="gg-muted" data-testid="consultations-total">{t('services.desk.total', { count: list.data?.total ?? 0 })}</div>
        <DeskList
          state={consultations}
          renderItem={(c: Consultation) => (
            <List.Item key={c.id} className="gg-desk-item" data-testid="consultation-item" data-id={c.id}>
              <div className="gg-desk-item-head">
                <Tag color={stateColor[c.status]} data-testid="consultation-state">{t(`services.desk.state.${c.status}`)}</Tag>
                <Tag>{t(`services.desk.topic.${c.topic}`)}</Tag>
                <span className="gg-muted">{t(`services.desk.channel.${c.channel}`)} · {c.askerName ?? t('services.desk.anonymous')} · {beijing(c.createdAt)}</span>
              </div>
              <div className="gg-desk-question" data-testid="consultation-question">{c.question}</div>
              {c.answer && (
                <div className="gg-desk-answer" data-testid="consultation-answer">
                  <strong>{t('services.desk.field.answer')}：</strong>
                  {c.answer}
                </div>
              )}
              <Space wrap size={[8, 8]}>
                {c.caseId && (
                  <Link to={`/cases/${c.caseId}`} data-testid="consultation-case-link">
                    {t('services.desk.viewCase')}
                  </Link>
                )}
                {mayHandle && c.status === 'open' && (
                  <Button size="small" type="primary" ghost onClick={() => setAnswering(c)} data-testid="consultation-answer-open">
                    {t('services.desk.answer')}
                  </Button>
                )}
                {mayHandle && c.status !== 'turnedIntoCase' && (
                  <Button size="small" onClick={() => setTurning(c)} data-testid="consultation-case-open">
                    {t('services.desk.turnIntoCase')}
                  </Button>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Panel>
      {isLogging && (
        <LogConsultationModal
          onClose={() => setLogging(false)}
          onDone={() => {
            setLogging(false);
            changed();
          }}
        />
      )}
      {answering && (
        <AnswerModal
          consultation={answering}
          onClose={() => setAnswering(null)}
          onDone={() => {
            setAnswering(null);
            changed();
          }}
        />
      )}
      {turning && <TurnIntoCaseModal consultation={turning} onClose={() => setTurning(null)} />}
    </div>
  );
}

interface LogValues {
  channel: string;
  topic: string;
  question: string;
  askerName?: string;
  gridId?: string;
  answer?: string;
}

function LogConsultationModal({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LogValues>();
  const required = [{ required: true, message: t('services.desk.required') }];
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: LogValues) => {
    await api('/api/services/consultations', {
      method: 'POST',
      body: { channel: v.channel, topic: v.topic, question: v.question.trim(), askerName: v.askerName?.trim() || undefined, gridId: v.gridId || undefined, answer: v.answer?.trim() || undefined },
    });
    void message.success(t('services.desk.logged'));
    onDone();
  });

  return (
    <Modal open title={t('services.desk.logConsultation')} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ channel: 'hotline' }} data-testid="consultation-form">
        <Form.Item name="channel" label={t('services.desk.field.channel')} rules={required}>
          <Radio.Group optionType="button" buttonStyle="solid" options={staffChannels.map((v) => ({ value: v, label: t(`services.desk.channel.${v}`) }))} data-testid="consultation-channel" />
        </Form.Item>
        <Form.Item name="topic" label={t('services.desk.field.topic')} rules={required}>
          <Select options={topics.map((v) => ({ value: v, label: t(`services.desk.topic.${v}`) }))} data-testid="consultation-topic" />
        </Form.Item>
        <Form.Item name="question" label={t('services.desk.field.question')} rules={[...required, { min: 2, max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="consultation-question-input" />
        </Form.Item>
        <Form.Item name="askerName" label={t('services.desk.field.askerName')} extra={t('services.desk.help.askerName')} rules={[{ max: 40 }]}>
          <Input maxLength={40} data-testid="consultation-asker" />
        </Form.Item>
        <Form.Item name="gridId" label={t('services.desk.field.grid')} extra={t('services.desk.help.grid')}>
          <GridTreeSelect aria-label={t('services.desk.field.grid')} />
        </Form.Item>
        <Form.Item name="answer" label={t('services.desk.field.answer')} extra={t('services.desk.help.answerNow')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={2} maxLength={4000} data-testid="consultation-answer-now" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="consultation-submit">
            {t('services.desk.save')}
          </Button>
          <Button onClick={onClose}>{t('services.desk.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function AnswerModal({ consultation, onClose, onDone }: { consultation: Consultation; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: { answer: string }) => {
    await api(`/api/services/consultations/${consultation.id}/answer`, { method: 'POST', body: { answer: v.answer.trim() } });
    void message.success(t('services.desk.answered'));
    onDone();
  });

  return (
    <Modal open title={t('services.desk.answer')} onCancel={onClose} footer={null} destroyOnHidden>
      <p className="gg-desk-question">{consultation.question}</p>
      <ProblemAlert error={error} />
      <Form layout="vertical" onFinish={submit} initialValues={{ answer: consultation.answer ?? '' }}>
        <Form.Item name="answer" label={t('services.desk.field.answer')} rules={[{ required: true, whitespace: true, message: t('services.desk.required') }, { max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="answer-input" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="answer-submit">
            {t('services.desk.submitAnswer')}
          </Button>
          <Button onClick={onClose}>{t('services.desk.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

function TurnIntoCaseModal({ consultation, onClose }: { consultation: Consultation; onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categories = useCategories();
  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: { categoryId: string; address?: string }) => {
    const out = await api<{ caseId: string }>(`/api/services/consultations/${consultation.id}/case`, { method: 'POST', body: { categoryId: v.categoryId, address: v.address?.trim() || undefined } });
    navigate(`/cases/${out.caseId}`);
  });

  return (
    <Modal open title={t('services.desk.turnIntoCase')} onCancel={onClose} footer={null} destroyOnHidden>
      <p className="gg-desk-question">{consultation.question}</p>
      <ProblemAlert error={error ?? categories.error} />
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="categoryId" label={t('services.desk.field.category')} rules={[{ required: true, message: t('services.desk.required') }]}>
          <CategoryCascader categories={categories.data?.items} />
        </Form.Item>
        <Form.Item name="address" label={t('services.desk.field.caseAddress')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="case-address" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={isSaving} data-testid="case-submit">
            {t('services.desk.submitCase')}
          </Button>
          <Button onClick={onClose}>{t('services.desk.cancel')}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
