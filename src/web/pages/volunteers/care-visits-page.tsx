import { ExportButton } from '../../components/export-button.js';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Button, Checkbox, Drawer, Empty, Form, Grid, Input, InputNumber, Segmented, Select, Space, Spin, Table, Tag, message } from 'antd';
import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page, type Person } from '../../api.js';
import { useAuth } from '../../auth.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { todayDate } from '../cobuild/cobuild-bits.js';
import type { CareVisit } from './types.js';
import './volunteers.css';

const campaigns = ['winterSun', 'bigVisit', 'loveInCommunity', 'festival', 'other'] as const;
const pageSize = 20;

/** 关爱走访 (/care-visits): visits to party members and residents in hardship — who went, what was brought, follow-ups. */
export default function CareVisitsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const [campaign, setCampaign] = useState<string | undefined>();
  const [followUp, setFollowUp] = useState<'all' | 'open' | 'done'>('all');
  const [page, setPage] = useState(1);
  const [isRecording, setRecording] = useState(false);
  const [error, setError] = useState<unknown>();
  const list = useApi<Page<CareVisit>>('/api/volunteers/care-visits', { campaign, followUp: followUp === 'all' ? undefined : followUp, limit: pageSize, offset: (page - 1) * pageSize });

  const done = async (v: CareVisit) => {
    setError(undefined);
    try {
      await api(`/api/volunteers/care-visits/${v.id}/follow-up-done`, { method: 'POST', body: {} });
      message.success(t('volunteers.care.followUpClosed'));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  const columns: TableColumnsType<CareVisit> = [
    { title: t('volunteers.care.visitedOn'), dataIndex: 'visitedOn', width: 105, fixed: screens.md ? 'left' : undefined },
    { title: t('volunteers.care.visited'), key: 'who', width: 150, render: (_: unknown, v) => <span>{v.visitedName} <Tag className="gg-tag">{t(`volunteers.care.kind.${v.visitedKind}`)}</Tag></span> },
    { title: t('volunteers.care.hardship'), dataIndex: 'hardship', width: 100, render: (h: string | null) => h ?? '—' },
    { title: t('volunteers.care.campaign'), dataIndex: 'campaign', width: 100, render: (c: string) => t(`volunteers.campaign.${c}`) },
    { title: t('volunteers.care.visitors'), key: 'visitors', ellipsis: true, render: (_: unknown, v) => v.visitors.map((x) => x.name).join('、') },
    { title: t('volunteers.care.brought'), key: 'items', width: 180, ellipsis: true, render: (_: unknown, v) => `${v.itemsBrought ?? '—'}${v.valueYuan ? `（${v.valueYuan}${t('volunteers.care.yuan')}）` : ''}` },
    {
      title: t('volunteers.care.followUp'), key: 'fu', width: 220,
      render: (_: unknown, v) => !v.needsFollowUp ? <span className="gg-muted">—</span> : v.followUpDoneAt ? <Tag color="green" className="gg-tag">{t('volunteers.care.followUpDone')}</Tag> : (
        <Space size={4} wrap><span className="gg-warn">{v.followUpNote}</span>{can('careVisit.write') && <Button size="small" icon={<CheckOutlined />} onClick={() => done(v)}>{t('volunteers.care.markDone')}</Button>}</Space>
      ),
    },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('volunteers.care.title')}</h1>
          <span className="gg-muted">{t('volunteers.care.subtitle')}</span>
        </div>
        <ExportButton path="/api/volunteers/care-visits" query={{ campaign, followUp: followUp === 'all' ? undefined : followUp }} columns={columns} fileName={t('volunteers.care.title')} />
        {can('careVisit.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>{t('volunteers.care.record')}</Button>}
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Select allowClear placeholder={t('volunteers.care.campaign')} aria-label={t('volunteers.care.campaign')} value={campaign} onChange={(v) => { setCampaign(v); setPage(1); }} options={campaigns.map((c) => ({ value: c, label: t(`volunteers.campaign.${c}`) }))} style={{ width: 150 }} />
          <Segmented value={followUp} onChange={(v) => { setFollowUp(v as typeof followUp); setPage(1); }} options={[{ value: 'all', label: t('volunteers.care.all') }, { value: 'open', label: t('volunteers.care.followUpOpen') }, { value: 'done', label: t('volunteers.care.followUpDone') }]} />
        </Space>
      </Panel>
      <ProblemAlert error={list.error ?? error} />
      <Panel bodyStyle={{ padding: 0 }}>
        <Table<CareVisit>
          rowKey="id" size="middle" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 1040 }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('volunteers.common.total', { count: n }) }}
          locale={{ emptyText: <Empty /> }}
          columns={columns}
        />
      </Panel>
      <RecordVisit open={isRecording} onClose={() => setRecording(false)} onDone={() => { setRecording(false); list.reload(); }} />
    </div>
  );
}

function RecordVisit({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [query, setQuery] = useState('');
  const people = useApi<Page<Person>>(open && query ? '/api/people' : null, { q: query, limit: 20 });
  const needsFollowUp = Form.useWatch('needsFollowUp', form);
  const [error, setError] = useState<unknown>();
  const submit = async (v: Record<string, unknown>) => {
    setError(undefined);
    try {
      const visitors = String(v.visitors ?? '').split(/[,，、\s]+/).filter(Boolean).map((name) => ({ name }));
      await api('/api/volunteers/care-visits', { method: 'POST', body: { ...v, visitors, needsFollowUp: Boolean(v.needsFollowUp) } });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('volunteers.care.record')} size={480} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ campaign: 'winterSun', visitedKind: 'partyMember', visitedOn: todayDate(), visitors: me?.displayName }}>
        <Form.Item name="visitedPersonId" label={t('volunteers.care.visited')} extra={t('volunteers.care.visitedHelp')}>
          <Select allowClear showSearch={{ filterOption: false, onSearch: setQuery }} placeholder={t('volunteers.care.searchPerson')} notFoundContent={people.isLoading ? <Spin size="small" /> : null}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.address ?? ''}` }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="visitedName" label={t('volunteers.care.visitedName')} style={{ flex: 1 }}><Input maxLength={50} /></Form.Item>
          <Form.Item name="gridId" label={t('volunteers.care.grid')} style={{ flex: 1 }}><GridTreeSelect onChange={(v) => form.setFieldValue('gridId', v)} /></Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="visitedKind" label={t('volunteers.care.visitedKind')} style={{ flex: 1 }}><Select options={['partyMember', 'resident'].map((k) => ({ value: k, label: t(`volunteers.care.kind.${k}`) }))} /></Form.Item>
          <Form.Item name="campaign" label={t('volunteers.care.campaign')} style={{ flex: 1 }}><Select options={campaigns.map((c) => ({ value: c, label: t(`volunteers.campaign.${c}`) }))} /></Form.Item>
        </Space.Compact>
        <Form.Item name="hardship" label={t('volunteers.care.hardship')}><Input maxLength={100} placeholder={t('volunteers.care.hardshipPlaceholder')} /></Form.Item>
        <Form.Item name="visitedOn" label={t('volunteers.care.visitedOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
        <Form.Item name="visitors" label={t('volunteers.care.visitors')} rules={[{ required: true }]} extra={t('volunteers.care.visitorsHelp')}><Input /></Form.Item>
        <Space.Compact block>
          <Form.Item name="itemsBrought" label={t('volunteers.care.brought')} style={{ flex: 2 }}><Input maxLength={500} /></Form.Item>
          <Form.Item name="valueYuan" label={t('volunteers.care.value')} style={{ flex: 1 }}><InputNumber min={0} style={{ width: '100%' }} /></Form.Item>
        </Space.Compact>
        <Form.Item name="needsFollowUp" valuePropName="checked"><Checkbox>{t('volunteers.care.needsFollowUp')}</Checkbox></Form.Item>
        {needsFollowUp && <Form.Item name="followUpNote" label={t('volunteers.care.followUpNote')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>}
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" block style={{ marginTop: 12 }}>{t('volunteers.common.save')}</Button>
      </Form>
    </Drawer>
  );
}
