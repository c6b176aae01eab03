import { useMemo, useState } from 'react';
import { Button, Empty, Form, Input, InputNumber, Modal, Segmented, Space, Spin, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { ActionStateTag, PageHead, ProgressBar, formatDay } from './bits.js';
import type { ActionItem } from './types.js';

type Filter = 'pending' | 'overdue' | 'done';

/** 待办事项 (/deliberation/action-items): resolutions' work by owner, soonest deadline first; owners report progress. */
export default function ActionItemsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('pending');
  const [owner, setOwner] = useState('');
  const [editing, setEditing] = useState<ActionItem | null>(null);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ progress: number; note?: string }>();
  const items = useApi<{ items: ActionItem[]; total: number; today: string }>('/api/deliberation/action-items', { state: filter, ownerName: owner || undefined, limit: 500 });
  const groups = useMemo(() => {
    const map = new Map<string, ActionItem[]>();
    for (const i of items.data?.items ?? []) {
      if (!map.has(i.ownerName)) map.set(i.ownerName, []);
      map.get(i.ownerName)!.push(i);
    }
    return [...map].sort((a, b) => a[1][0].dueOn.localeCompare(b[1][0].dueOn));
  }, [items.data]);
  // The board's cards, owner by owner as the columns stand, with what each card says.
  const shown = useMemo(() => groups.flatMap(([, list]) => list), [groups]);
  const exportColumns: ExportableColumn<ActionItem>[] = [
    { key: 'owner', title: t('deliberation.action.owner'), render: (_, i) => i.ownerName },
    { key: 'title', title: t('deliberation.action.title'), render: (_, i) => i.title },
    { key: 'body', title: t('deliberation.column.body'), render: (_, i) => i.bodyName ?? '' },
    { key: 'resolution', title: t('deliberation.column.resolution'), render: (_, i) => t('deliberation.resolution.number', { number: i.resolutionNumber }) },
    { key: 'state', title: t('deliberation.column.state'), render: (_, i) => t(`deliberation.actionState.${i.isOverdue ? 'overdue' : i.state}`) },
    { key: 'dueOn', title: t('deliberation.action.dueOn'), render: (_, i) => formatDay(i.dueOn) },
    { key: 'progress', title: t('deliberation.action.progress'), render: (_, i) => `${i.progress}%` },
    { key: 'note', title: t('deliberation.action.note'), render: (_, i) => i.note ?? '' },
  ];

  const save = async (item: ActionItem, patch: Record<string, unknown>) => {
    setError(undefined);
    try {
      const result = await api<{ resolutionDone: boolean; closedCases: { number: string; isClosed: boolean }[] }>(`/api/deliberation/action-items/${item.id}`, { method: 'PATCH', body: patch });
      const closed = result.closedCases.filter((c) => c.isClosed).map((c) => c.number);
      message.success(closed.length ? t('deliberation.action.closedCases', { numbers: closed.join('、') }) : result.resolutionDone ? t('deliberation.action.resolutionDone') : t('deliberation.action.saved'));
      setEditing(null);
      items.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page dl-page">
      <PageHead title={t('deliberation.action.boardTitle')} subtitle={t('deliberation.action.boardSubtitle')} />
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Segmented value={filter} onChange={(v) => setFilter(v as Filter)} options={(['pending', 'overdue', 'done'] as Filter[]).map((f) => ({ value: f, label: t(`deliberation.action.filter.${f}`) }))} data-testid="action-filter" />
          <Input.Search allowClear placeholder={t('deliberation.action.ownerSearch')} aria-label={t('deliberation.action.ownerSearch')} onSearch={(v) => setOwner(v.trim())} style={{ width: 240, maxWidth: '100%' }} />
          <span className="gg-muted" data-testid="action-total">{items.data ? t('common.total', { count: items.data.total }) : null}</span>
          <ExportButton rows={shown} columns={exportColumns} fileName={`${t('deliberation.action.boardTitle')}-${t(`deliberation.action.filter.${filter}`)}`} />
        </Space>
      </Panel>
      {items.error ? <ProblemAlert error={items.error} /> : null}
      {items.isLoading && !items.data ? <Spin /> : null}
      {items.data && items.data.items.length === 0 ? <Empty /> : null}
      <div className="dl-board" data-testid="action-board">
        {groups.map(([name, list]) => (
          <section className="dl-owner" key={name} data-testid="owner-column">
            <div className="dl-owner-head"><strong>{name}</strong><span className="gg-muted">{t('deliberation.action.count', { count: list.length })}</span></div>
            {list.map((i) => (
              <div key={i.id} className={`dl-item${i.isOverdue ? ' is-overdue' : ''}`} data-testid="board-item">
                <div className="dl-item-title">{i.title}</div>
                <div className="gg-muted" style={{ fontSize: 12 }}>
                  {i.bodyName} · {t('deliberation.resolution.number', { number: i.resolutionNumber })}
                </div>
                <Space size={8} wrap>
                  <ActionStateTag item={i} />
                  <span className={i.isOverdue ? '' : 'gg-muted'} style={i.isOverdue ? { color: '#a8071a' } : undefined}>{t('deliberation.action.due', { day: formatDay(i.dueOn) })}</span>
                </Space>
                <ProgressBar value={i.progress} done={i.state === 'done'} />
                {i.note ? <div className="gg-muted" style={{ fontSize: 12 }}>{i.note}</div> : null}
                {i.state !== 'done' && i.state !== 'cancelled' ? (
                  <Space size={6}>
                    <Button size="small" onClick={() => { form.setFieldsValue({ progress: i.progress, note: i.note ?? '' }); setEditing(i); }} data-testid="item-progress">{t('deliberation.action.report')}</Button>
                    <Button size="small" type="primary" onClick={() => void save(i, { state: 'done' })} data-testid="item-done">{t('deliberation.action.markDone')}</Button>
                  </Space>
                ) : null}
                <Link to={`/deliberation/resolutions/${i.resolutionId}`} style={{ fontSize: 12 }}>{t('deliberation.action.openResolution')}</Link>
              </div>
            ))}
          </section>
        ))}
      </div>
      {error ? <ProblemAlert error={error} /> : null}
      <Modal open={editing !== null} title={editing?.title} onCancel={() => setEditing(null)} onOk={async () => save(editing!, await form.validateFields())} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="progress" label={t('deliberation.action.progress')} rules={[{ required: true }]}><InputNumber min={0} max={100} addonAfter="%" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="note" label={t('deliberation.action.note')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
