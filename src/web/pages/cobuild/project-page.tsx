import { useState } from 'react';
import { Button, Descriptions, Form, Input, InputNumber, Modal, Rate, Space, Spin, Steps, Table, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, PlayCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import NotFound from '../not-found.js';
import { CobuildNav, KindTag, Quantity, StateTag, formatDate, formatTime } from './cobuild-bits.js';
import type { ProjectDetail } from './types.js';
import './cobuild.css';

/** 项目详情 (/cobuild/projects/:id): the need, the resources promised and delivered, milestones, and completing it with its outcome and rating. */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const project = useApi<ProjectDetail>(`/api/cobuild/projects/${id}`);
  const [error, setError] = useState<unknown>();
  const [dialog, setDialog] = useState<'complete' | 'cancel' | 'milestone' | null>(null);
  const [form] = Form.useForm();

  if (isNotFound(project.error)) return <NotFound />;
  const p = project.data;
  if (!p) return project.error ? <ProblemAlert error={project.error} /> : <Spin className="gg-page-spin" />;
  const isOpen = p.state === 'planned' || p.state === 'inProgress';

  const post = async (path: string, body: object = {}) => {
    setError(undefined);
    try {
      await api(path, { method: 'POST', body });
      setDialog(null);
      form.resetFields();
      project.reload();
    } catch (e) {
      setError(e);
    }
  };

  const quantityText = (value: number | null | undefined, unit: string) => (value === null || value === undefined ? '—' : `${value.toLocaleString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2 })} ${t(`cobuild.unit.${unit}`, { defaultValue: unit })}`);
  const resourceColumns: TableColumnsType<ProjectDetail['resources'][number]> = [
    { title: t('cobuild.lists.title'), dataIndex: 'title', render: (v: string, r: ProjectDetail['resources'][number]) => <Link to={`/cobuild/resources/${r.resourceId}`}>{v}</Link> },
    { title: t('cobuild.lists.organization'), key: 'org', render: (_: unknown, r: ProjectDetail['resources'][number]) => <Link to={`/cobuild/organizations/${r.organization.id}`}>{r.organization.name}</Link> },
    { title: t('cobuild.lists.kind'), dataIndex: 'kind', width: 100, render: (k: string) => <KindTag kind={k} /> },
    { title: t('cobuild.project.committed'), key: 'c', width: 120, render: (_: unknown, r: ProjectDetail['resources'][number]) => <Quantity value={r.committed} unit={r.unit} /> },
    { title: t('cobuild.project.delivered'), key: 'd', width: 120, render: (_: unknown, r: ProjectDetail['resources'][number]) => <Quantity value={r.delivered} unit={r.unit} /> },
  ];

  return (
    <div className="gg-page" data-testid="project-page">
      <div className="gg-page-head">
        <div>
          <Link to="/cobuild/lists?tab=projects" className="gg-back"><ArrowLeftOutlined /> {t('cobuild.lists.tab.projects')}</Link>
          <h1 className="gg-page-title">{p.title} <StateTag state={p.state} /></h1>
          <span className="gg-muted">{p.grid.name} · {t('cobuild.lists.meets')} <Link to={`/cobuild/needs/${p.need.id}`}>{p.need.title}</Link></span>
        </div>
        <Space wrap>
          <CobuildNav />
          {p.canManage && p.state === 'planned' && <Button icon={<PlayCircleOutlined />} onClick={() => post(`/api/cobuild/projects/${p.id}/start`)} data-testid="project-start">{t('cobuild.project.start')}</Button>}
          {p.canManage && isOpen && <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('complete')} data-testid="project-complete">{t('cobuild.project.complete')}</Button>}
          {p.canManage && isOpen && <Button danger icon={<StopOutlined />} onClick={() => setDialog('cancel')}>{t('cobuild.project.cancel')}</Button>}
        </Space>
      </div>
      <ProblemAlert error={error} testId="project-error" />
      <Steps
        size="small"
        current={p.state === 'planned' ? 0 : p.state === 'inProgress' ? 1 : 2}
        status={p.state === 'cancelled' ? 'error' : undefined}
        items={[
          { title: t('cobuild.state.planned'), description: formatDate(p.startsOn) },
          { title: t('cobuild.state.inProgress'), description: formatDate(p.startedAt) },
          { title: p.state === 'cancelled' ? t('cobuild.state.cancelled') : t('cobuild.state.completed'), description: formatDate(p.completedAt) },
        ]}
      />
      {p.state === 'completed' && (
        <Panel title={t('cobuild.project.outcome')}>
          <Descriptions column={{ xs: 1, sm: 3 }} size="small">
            <Descriptions.Item label={t('cobuild.project.outcome')} span={3}>{p.outcome}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.lists.rating')}>{p.rating ? <Rate disabled value={p.rating} /> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.project.beneficiaries')}>{p.beneficiaries ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('cobuild.lists.completedAt')}>{formatTime(p.completedAt)}</Descriptions.Item>
          </Descriptions>
        </Panel>
      )}
      {p.state === 'cancelled' && p.outcome && <Panel title={t('cobuild.project.cancelReason')}>{p.outcome}</Panel>}
      <Panel
        title={t('cobuild.project.resources')}
        extra={
          <ExportButton
            rows={p.resources}
            columns={resourceColumns}
            texts={{ kind: (r) => t(`cobuild.kind.${r.kind}`), c: (r) => quantityText(r.committed, r.unit), d: (r) => quantityText(r.delivered, r.unit) }}
            fileName={`${p.title}-${t('cobuild.project.resources')}`}
          />
        }
      >
        <Table
          rowKey="id" size="small" pagination={false} dataSource={p.resources} scroll={{ x: 640 }} data-testid="project-resources"
          columns={resourceColumns}
        />
      </Panel>
      <Panel title={t('cobuild.project.milestones')} extra={p.canManage && isOpen ? <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('milestone')}>{t('cobuild.project.addMilestone')}</Button> : null}>
        {p.milestones.length === 0 ? <span className="gg-muted">—</span> : (
          <ul className="gg-commitments">
            {p.milestones.map((m) => (
              <li key={m.id}>
                <StateTag state={m.doneAt ? 'completed' : 'planned'} />
                <span>{m.title}</span>
                <span className="gg-muted">{m.doneAt ? formatDate(m.doneAt) : m.dueOn ? t('cobuild.lists.deadlineShort', { date: m.dueOn }) : ''}</span>
                {p.canManage && isOpen && !m.doneAt && <Button size="small" style={{ marginInlineStart: 'auto' }} onClick={() => post(`/api/cobuild/milestones/${m.id}/done`)}>{t('cobuild.project.milestoneDone')}</Button>}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Modal open={dialog === 'complete'} title={t('cobuild.project.complete')} okText={t('cobuild.project.complete')} cancelText={t('cobuild.common.cancel')} onCancel={() => setDialog(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form
          form={form} layout="vertical" preserve={false}
          initialValues={Object.fromEntries(p.resources.map((r) => [`d_${r.resourceId}`, r.committed]))}
          onFinish={(v: Record<string, unknown>) => post(`/api/cobuild/projects/${p.id}/complete`, {
            outcome: v.outcome, rating: v.rating || undefined, beneficiaries: v.beneficiaries ?? undefined, version: undefined,
            deliveries: p.resources.map((r) => ({ resourceId: r.resourceId, quantity: Number(v[`d_${r.resourceId}`] ?? r.committed) })),
          })}
        >
          <Form.Item name="outcome" label={t('cobuild.project.outcome')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} maxLength={4000} data-testid="project-outcome" /></Form.Item>
          {p.resources.map((r) => (
            <Form.Item key={r.id} name={`d_${r.resourceId}`} label={t('cobuild.project.deliveredOf', { title: r.title, unit: t(`cobuild.unit.${r.unit}`) })}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item name="rating" label={t('cobuild.project.rating')}><Rate /></Form.Item>
          <Form.Item name="beneficiaries" label={t('cobuild.project.beneficiaries')}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
          <p className="gg-muted">{t('cobuild.project.completeHelp')}</p>
        </Form>
      </Modal>
      <Modal open={dialog === 'cancel'} title={t('cobuild.project.cancel')} okText={t('cobuild.common.confirm')} okButtonProps={{ danger: true }} cancelText={t('cobuild.common.cancel')} onCancel={() => setDialog(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v: { reason: string }) => post(`/api/cobuild/projects/${p.id}/cancel`, { reason: v.reason })}>
          <Form.Item name="reason" label={t('cobuild.project.cancelReason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={dialog === 'milestone'} title={t('cobuild.project.addMilestone')} okText={t('cobuild.common.save')} cancelText={t('cobuild.common.cancel')} onCancel={() => setDialog(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v: { title: string; dueOn?: string }) => post(`/api/cobuild/projects/${p.id}/milestones`, { title: v.title, dueOn: v.dueOn || null })}>
          <Form.Item name="title" label={t('cobuild.project.milestone')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="dueOn" label={t('cobuild.lists.deadline')}><Input type="date" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
