import type { TableColumnsType } from 'antd';
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { PushpinFilled, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { NoticeBody } from './notice-body.js';
import { beijingTime } from '../../format.js';

const categories = ['general', 'utilities', 'safety', 'environment', 'activity', 'policy'] as const;
const states = ['current', 'scheduled', 'expired', 'unpublished'] as const;
const stateColor: Record<string, string> = { current: 'green', scheduled: 'blue', expired: 'default', unpublished: 'red' };

export interface Notice {
  id: string; gridId: string; gridName: string; title: string; body: string; category: string; status: string; state: string;
  pinned: boolean; publishedAt: string; expiresAt: string | null; authorName: string; createdAt: string; updatedAt: string;
}
interface Filters { gridId?: string; state?: string; category?: string; q?: string }
interface FormValues { gridId: string; title: string; body: string; category: string; publishedAt?: Dayjs; expiresAt?: Dayjs | null; isPinned?: boolean }

const pageSize = 20;
/** Beijing wall-clock time of an ISO instant. */
const beijing = (iso: string | null) => beijingTime(iso, '—');
/** A picker value is Beijing wall-clock time; the API takes an instant. */
const toIso = (d: Dayjs) => new Date(`${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`).toISOString();
const fromIso = (iso: string) => dayjs(new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }));

/** 公告管理 (/notices): staff list the notices of their subtree, post, edit, pin and take them down; residents read them in the portal. */
export default function NoticesPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState('');
  const [page, setPage] = useState(1);
  const query = { ...filters, limit: pageSize, offset: (page - 1) * pageSize };
  const list = useApi<{ items: Notice[]; total: number }>('/api/notices/manage', query);
  const [editing, setEditing] = useState<Notice | 'new' | null>(null);
  const [reading, setReading] = useState<Notice | null>(null);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<FormValues>();

  const update = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setPage(1);
  };
  const act = async (path: string, body?: Record<string, unknown>, method: 'POST' | 'PATCH' = 'POST') => {
    setError(undefined);
    try {
      await api(path, { method, body: body ?? {} });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const open = (n: Notice | 'new') => {
    saving.reset();
    form.resetFields();
    if (n !== 'new') form.setFieldsValue({ gridId: n.gridId, title: n.title, body: n.body, category: n.category, publishedAt: fromIso(n.publishedAt), expiresAt: n.expiresAt ? fromIso(n.expiresAt) : null, isPinned: n.pinned });
    else form.setFieldsValue({ category: 'general', isPinned: false });
    setEditing(n);
  };
  const saving = useSubmit(async (v: FormValues) => {
    const body = { title: v.title, body: v.body, category: v.category, isPinned: Boolean(v.isPinned), ...(v.publishedAt ? { publishedAt: toIso(v.publishedAt) } : {}), expiresAt: v.expiresAt ? toIso(v.expiresAt) : null };
    if (editing === 'new') await api('/api/notices', { method: 'POST', body: { ...body, gridId: v.gridId } });
    else if (editing) await api(`/api/notices/${editing.id}`, { method: 'PATCH', body });
    setEditing(null);
    list.reload();
  });

  const columns: TableColumnsType<Notice> = [
    {
      key: 'title', title: t('notices.titleField'), width: 280, render: (_, n) => (
        <Space size={6}>
          {n.pinned ? <PushpinFilled aria-label={t('notices.pinned')} style={{ color: '#c41d7f' }} /> : null}
          <a onClick={() => setReading(n)} role="button" tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setReading(n)}>{n.title}</a>
        </Space>
      ),
    },
    { key: 'grid', title: t('notices.grid'), dataIndex: 'gridName', width: 140 },
    { key: 'category', title: t('notices.category'), width: 120, render: (_, n) => <Tag>{t(`notices.categories.${n.category}`)}</Tag> },
    { key: 'state', title: t('notices.state'), width: 100, render: (_, n) => <Tag color={stateColor[n.state]}>{t(`notices.states.${n.state}`)}</Tag> },
    { key: 'publishedAt', title: t('notices.publishedAt'), width: 170, render: (_, n) => beijing(n.publishedAt) },
    { key: 'expiresAt', title: t('notices.expiresAt'), width: 170, render: (_, n) => beijing(n.expiresAt) },
    { key: 'author', title: t('notices.author'), dataIndex: 'authorName', width: 110 },
    {
      key: 'actions', title: t('notices.actions'), width: 220, render: (_, n) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => open(n)}>{t('notices.edit')}</Button>
          {n.status === 'published' && <Button size="small" onClick={() => void act(`/api/notices/${n.id}`, { isPinned: !n.pinned }, 'PATCH')}>{n.pinned ? t('notices.unpin') : t('notices.pin')}</Button>}
          {n.status === 'published' ? (
            <Popconfirm title={t('notices.unpublishConfirm')} onConfirm={() => void act(`/api/notices/${n.id}/unpublish`)} okText={t('notices.unpublish')} cancelText={t('notices.cancel')}>
              <Button size="small" danger>{t('notices.unpublish')}</Button>
            </Popconfirm>
          ) : (
            <Button size="small" onClick={() => void act(`/api/notices/${n.id}/publish`)}>{t('notices.republish')}</Button>
          )}
        </Space>
      ),
    },
  ];
  const exportColumns = columns.filter((c) => c.key !== 'actions');

  return (
    <div className="gg-page" data-testid="notices-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('notices.title')}</h1>
          <span className="gg-muted">{t('notices.subtitle')}</span>
        </div>
        <Space wrap>
          <ExportButton path="/api/notices/manage" query={filters as Record<string, string | undefined>} columns={exportColumns} texts={{ title: (n) => `${n.pinned ? `[${t('notices.pinned')}] ` : ''}${n.title}` }} fileName={t('notices.title')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="notice-new">{t('notices.new')}</Button>
        </Space>
      </div>
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Input.Search allowClear enterButton={t('notices.search')} placeholder={t('notices.searchPlaceholder')} aria-label={t('notices.searchPlaceholder')} value={draft} onChange={(e) => setDraft(e.target.value)} onSearch={(q) => update({ q: q.trim() || undefined })} style={{ width: 300, maxWidth: '100%' }} />
          <GridTreeSelect value={filters.gridId} onChange={(gridId) => update({ gridId })} placeholder={t('notices.gridFilter')} aria-label={t('notices.gridFilter')} style={{ width: 220 }} />
          <Select allowClear placeholder={t('notices.state')} aria-label={t('notices.state')} value={filters.state} onChange={(state) => update({ state })} options={states.map((s) => ({ value: s, label: t(`notices.states.${s}`) }))} style={{ width: 130 }} />
          <Select allowClear placeholder={t('notices.category')} aria-label={t('notices.category')} value={filters.category} onChange={(category) => update({ category })} options={categories.map((c) => ({ value: c, label: t(`notices.categories.${c}`) }))} style={{ width: 150 }} />
        </Space>
      </Panel>
      <ProblemAlert error={error ?? list.error} />
      <Panel bodyStyle={{ padding: 0 }}>
        <Table<Notice>
          size="middle" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} scroll={{ x: 1100 }} data-testid="notices-table"
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (total) => t('notices.total', { count: total }) }}
        />
      </Panel>

      <Modal open={editing !== null} title={editing === 'new' ? t('notices.new') : t('notices.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} okText={t('notices.save')} cancelText={t('notices.cancel')} confirmLoading={saving.isBusy} destroyOnHidden width={640}>
        <ProblemAlert error={saving.error} />
        <Form form={form} layout="vertical" onFinish={(v) => void saving.run(v)}>
          <Form.Item name="gridId" label={t('notices.grid')} rules={[{ required: true, message: t('notices.required') }]} extra={t('notices.gridHelp')}>
            <GridTreeSelect allowClear={false} aria-label={t('notices.grid')} />
          </Form.Item>
          <Form.Item name="title" label={t('notices.titleField')} rules={[{ required: true, min: 2, max: 100, message: t('notices.titleRule') }]}><Input maxLength={100} showCount /></Form.Item>
          <Form.Item name="category" label={t('notices.category')}><Select options={categories.map((c) => ({ value: c, label: t(`notices.categories.${c}`) }))} /></Form.Item>
          <Form.Item name="body" label={t('notices.body')} rules={[{ required: true, message: t('notices.required') }]} extra={t('notices.bodyHelp')}><Input.TextArea rows={8} maxLength={5000} showCount /></Form.Item>
          <Space wrap size={[16, 0]}>
            <Form.Item name="publishedAt" label={t('notices.publishedAt')} extra={t('notices.publishHelp')}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
            <Form.Item name="expiresAt" label={t('notices.expiresAt')} extra={t('notices.expiryHelp')}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" /></Form.Item>
            <Form.Item name="isPinned" label={t('notices.pinned')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal open={reading !== null} title={reading?.title} onCancel={() => setReading(null)} footer={null} width={640}>
        {reading && (
          <>
            <p className="gg-muted">{reading.gridName} · {beijing(reading.publishedAt)} · {reading.authorName}</p>
            <NoticeBody body={reading.body} />
          </>
        )}
      </Modal>
    </div>
  );
}
