import { Button, Empty, Form, Input, InputNumber, List, Modal, Segmented, Select, Space, Spin, Statistic, Tag, Upload, message } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { rawPost } from '../cases/http.js';
import type { Wish } from '../portal/types.js';

interface Totals { fulfilled: number; value: number; goodsValue: number; open: number }

/** Only presets whose text keeps WCAG AA contrast on their own background. */
const statusColor: Record<string, string | undefined> = { open: 'blue', claimed: 'magenta' };
const pageSize = 100;

/** 微心愿 (/wishes): the board, the totals, posting a wish and every step a caller may take. */
export default function WishesPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const [filter, setFilter] = useState<'all' | 'mine'>('all');
  const [limit, setLimit] = useState(pageSize);
  const query = { mine: filter === 'mine' ? true : undefined };
  const list = useApi<{ items: Wish[]; total: number }>('/api/wishes', { ...query, limit });
  const totals = useApi<Totals>('/api/wishes/totals');
  const [error, setError] = useState<unknown>();
  const [isPosting, setPosting] = useState(false);
  const [delivering, setDelivering] = useState<Wish | null>(null);
  const isStaff = can('wish.verify') || (can('wish.post') && me?.role !== 'resident');
  const [form] = Form.useForm();
  const [deliverForm] = Form.useForm();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const refresh = () => {
    list.reload();
    totals.reload();
  };
  const act = async (w: Wish, action: string, body: object = {}) => {
    setError(undefined);
    const path = { verify: 'verify', reject: 'verify', claim: 'claim', cancelClaim: 'cancel-claim', revokeClaim: 'revoke-claim', confirm: 'confirm', withdraw: 'withdraw' }[action];
    try {
      await api(`/api/wishes/${w.id}/${path}`, { method: 'POST', body });
      message.success(t('wishes.done'));
    } catch (e) {
      setError(e);
    }
    refresh();
  };
  const askReason = (w: Wish, action: string) => {
    let reason = '';
    Modal.confirm({
      title: t(`wishes.action.${action}`),
      content: <Input.TextArea aria-label={t('wishes.field.reason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => act(w, action, action === 'reject' ? { decision: 'rejected', reason } : { reason }),
    });
  };
  const onAction = (w: Wish, action: string) => {
    if (action === 'verify') return act(w, action, { decision: 'verified' });
    if (action === 'reject' || action === 'cancelClaim' || action === 'revokeClaim') return askReason(w, action);
    if (action === 'deliver') return setDelivering(w);
    if (action === 'confirm') return act(w, action, { thanks: t('wishes.defaultThanks') });
    return act(w, action);
  };

  const post = async (values: Record<string, unknown>) => {
    setError(undefined);
    try {
      await api('/api/wishes', { method: 'POST', body: values });
      form.resetFields();
      setPosting(false);
      message.success(t('wishes.posted'));
      refresh();
    } catch (e) {
      setError(e);
    }
  };
  const deliver = async (values: { actualValue: number; note?: string }) => {
    if (!delivering) return;
    setError(undefined);
    try {
      const data = new FormData();
      for (const f of files) if (f.originFileObj) data.append('photo', f.originFileObj);
      const uploaded = await rawPost<{ items: { id: string }[] }>('/api/cases/photos', data, { csrfToken: me?.csrfToken });
      await api(`/api/wishes/${delivering.id}/deliver`, { method: 'POST', body: { ...values, photoIds: uploaded.items.map((p) => p.id) } });
      setDelivering(null);
      setFiles([]);
      deliverForm.resetFields();
      refresh();
    } catch (e) {
      setError(e);
    }
  };

  // The fields each card shows, in its order and as it words them: the export's columns.
  const exportColumns: ExportableColumn<Wish>[] = [
    { key: 'title', title: t('wishes.field.title'), render: (_, w) => w.title },
    { key: 'status', title: t('wishes.field.status'), render: (_, w) => t(`wishes.status.${w.status}`) },
    { key: 'verification', title: t('wishes.field.verification'), render: (_, w) => t(`wishes.verification.${w.verification}`) },
    { key: 'description', title: t('wishes.field.description'), render: (_, w) => w.description },
    { key: 'beneficiary', title: t('wishes.field.beneficiary'), render: (_, w) => w.beneficiaryName },
    { key: 'grid', title: t('wishes.field.grid'), render: (_, w) => w.grid.name },
    { key: 'kind', title: t('wishes.field.kind'), render: (_, w) => t(`wishes.kind.${w.kind}`) },
    { key: 'value', title: t('wishes.field.valueYuan'), render: (_, w) => w.actualValue ?? w.estimatedValue },
    { key: 'claimant', title: t('wishes.field.claimant'), render: (_, w) => w.claim?.claimantName ?? '' },
    { key: 'reason', title: t('wishes.field.reason'), render: (_, w) => w.verificationReason ?? '' },
    { key: 'thanks', title: t('wishes.field.thanks'), render: (_, w) => w.thanks ?? '' },
  ];

  return (
    <div className="gg-page" data-testid="wishes-page">
      <h1 className="gg-page-title">{t('wishes.title')}</h1>
      <Panel>
        <Space size="large" wrap>
          <Statistic title={t('wishes.totals.fulfilled')} value={totals.data?.fulfilled ?? 0} data-testid="wishes-fulfilled" />
          <Statistic title={t('wishes.totals.value')} value={totals.data?.value ?? 0} suffix={t('wishes.yuan')} data-testid="wishes-value" />
          <Statistic title={t('wishes.totals.open')} value={totals.data?.open ?? 0} />
        </Space>
      </Panel>
      <ProblemAlert error={error ?? list.error} />
      <Space style={{ margin: '12px 0' }} wrap>
        <Segmented value={filter} onChange={(v) => { setFilter(v as 'all' | 'mine'); setLimit(pageSize); }} options={[{ value: 'all', label: t('wishes.filter.all') }, { value: 'mine', label: t('wishes.filter.mine') }]} />
        {can('wish.post') && <Button type="primary" onClick={() => setPosting(true)}>{t('wishes.post')}</Button>}
        <ExportButton path="/api/wishes" query={query} columns={exportColumns} fileName={t('wishes.title')} />
        <span className="gg-muted" data-testid="wishes-total">{list.data ? t('common.total', { count: list.data.total }) : null}</span>
      </Space>
      {list.isLoading && !list.data ? <Spin /> : (
        <List
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('wishes.empty')} /> }}
          renderItem={(w) => (
            <List.Item data-testid="wish-item" actions={w.actions.map((a) => <Button key={a} size="small" type={a === 'claim' || a === 'confirm' ? 'primary' : 'default'} onClick={() => onAction(w, a)}>{t(`wishes.action.${a}`)}</Button>)}>
              <List.Item.Meta
                title={<Space wrap><span data-testid="wish-title">{w.title}</span><Tag color={statusColor[w.status]} data-testid="wish-status">{t(`wishes.status.${w.status}`)}</Tag>{w.verification !== 'verified' && <Tag>{t(`wishes.verification.${w.verification}`)}</Tag>}</Space>}
                description={
                  <div style={{ color: '#4a4a4a' }}>
                    <div>{w.description}</div>
                    <div>{t('wishes.field.beneficiary')}：{w.beneficiaryName} · {w.grid.name} · {t(`wishes.kind.${w.kind}`)} · {t('wishes.field.value')} {w.actualValue ?? w.estimatedValue} {t('wishes.yuan')}</div>
                    {w.claim && <div>{t('wishes.field.claimant')}：{w.claim.claimantName}</div>}
                    {w.verificationReason && <div>{t('wishes.field.reason')}：{w.verificationReason}</div>}
                    {w.thanks && <div>{t('wishes.field.thanks')}：{w.thanks}</div>}
                  </div>
                }
              />
            </List.Item>
          )}
        />
      )}
      {list.data && list.data.total > list.data.items.length ? <Button block onClick={() => setLimit((l) => l + pageSize)} data-testid="wishes-more">{t('wishes.more')}</Button> : null}
      <Modal open={isPosting} title={t('wishes.post')} onCancel={() => setPosting(false)} onOk={() => form.submit()} okText={t('wishes.submit')}>
        <Form form={form} layout="vertical" onFinish={post} initialValues={{ kind: 'material', estimatedValue: 100 }}>
          <Form.Item name="title" label={t('wishes.field.title')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="description" label={t('wishes.field.description')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="kind" label={t('wishes.field.kind')}>
            <Select options={['material', 'service', 'companionship'].map((k) => ({ value: k, label: t(`wishes.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="estimatedValue" label={t('wishes.field.estimatedValue')}><InputNumber min={0} max={100000} style={{ width: '100%' }} /></Form.Item>
          {isStaff && (
            <>
              <Form.Item name="gridId" label={t('wishes.field.grid')} rules={[{ required: true }]}><GridTreeSelect onChange={() => undefined} /></Form.Item>
              <Form.Item name="beneficiaryName" label={t('wishes.field.beneficiary')} rules={[{ required: true }]}><Input /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
      <Modal open={Boolean(delivering)} title={t('wishes.action.deliver')} onCancel={() => setDelivering(null)} onOk={() => deliverForm.submit()} okButtonProps={{ disabled: files.length === 0 }}>
        <Form form={deliverForm} layout="vertical" onFinish={deliver}>
          <Form.Item name="actualValue" label={t('wishes.field.actualValue')} rules={[{ required: true }]}><InputNumber min={0} max={100000} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label={t('wishes.field.note')}><Input /></Form.Item>
          <Form.Item label={t('wishes.field.photo')}>
            <Upload accept="image/*" listType="picture" fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} maxCount={9}>
              <Button>{t('wishes.choosePhoto')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
