import { Button, DatePicker, Empty, Form, Input, List, Modal, Segmented, Space, Statistic, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { Columns, FieldworkNav, today } from './bits.js';

interface Task { id: string; grid_id: string; title: string; source: string; status: 'inScope' | 'movedOut'; reason: string | null; approver_name: string | null; decided_on: string | null; created_at: string }
interface Stats { inScope: number; movedOut: number }
type Show = 'all' | 'inScope' | 'movedOut';

/** 社区工作事项 (/fieldwork/tasks): the tasks communities are asked to carry, and those moved off their list (社区减负). */
export default function TasksPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [addForm] = Form.useForm();
  const [moveForm] = Form.useForm();
  const [show, setShow] = useState<Show>('inScope');
  const [moving, setMoving] = useState<Task | undefined>();
  const stats = useApi<Stats>('/api/fieldwork/community-tasks/stats');
  const tasks = useApi<Page<Task>>('/api/fieldwork/community-tasks', { limit: 500 });
  const rows = (tasks.data?.items ?? []).filter((x) => show === 'all' || x.status === show);

  const reload = () => {
    stats.reload();
    tasks.reload();
  };
  const adding = useSubmit(async (v: { gridId: string; title: string; source: string }) => {
    await api('/api/fieldwork/community-tasks', { method: 'POST', body: v });
    void message.success(t('fieldwork.tasks.added'));
    addForm.resetFields(['title', 'source']);
    reload();
  });
  const movingOut = useSubmit(async (v: { reason: string; approverName: string; decidedOn: Dayjs }) => {
    if (!moving) return;
    await api(`/api/fieldwork/community-tasks/${moving.id}/move-out`, { method: 'POST', body: { reason: v.reason, approverName: v.approverName, decidedOn: v.decidedOn.format('YYYY-MM-DD') } });
    void message.success(t('fieldwork.tasks.movedOutDone'));
    setMoving(undefined);
    moveForm.resetFields();
    reload();
  });

  const columns: ExportableColumn<Task>[] = [
    { key: 'title', title: t('fieldwork.tasks.taskTitle'), render: (_, x) => x.title },
    { key: 'source', title: t('fieldwork.tasks.source'), render: (_, x) => x.source },
    { key: 'status', title: t('fieldwork.tasks.status'), render: (_, x) => t(`fieldwork.tasks.state.${x.status}`) },
    { key: 'reason', title: t('fieldwork.tasks.reason'), render: (_, x) => x.reason ?? '' },
    { key: 'approver', title: t('fieldwork.tasks.approver'), render: (_, x) => x.approver_name ?? '' },
    { key: 'decidedOn', title: t('fieldwork.tasks.decidedOn'), render: (_, x) => x.decided_on ?? '' },
  ];

  return (
    <div className="gg-page" data-testid="tasks-page">
      <h1 className="gg-page-title">{t('fieldwork.tasks.title')}</h1>
      <FieldworkNav />
      <Panel>
        <div className="gg-stat-grid" style={{ gridTemplateColumns: 'repeat(2, 1fr)' }}>
          <Statistic title={t('fieldwork.tasks.kept')} value={stats.data?.inScope ?? '—'} valueRender={(n) => <span data-testid="stat-kept">{n}</span>} />
          <Statistic title={t('fieldwork.tasks.cleared')} value={stats.data?.movedOut ?? '—'} valueRender={(n) => <span data-testid="stat-cleared">{n}</span>} />
        </div>
        <ProblemAlert error={stats.error} />
      </Panel>

      <Columns>
        {can('communityTask.write') && (
          <Panel title={<h2 className="gg-h2">{t('fieldwork.tasks.add')}</h2>}>
            <ProblemAlert error={adding.error} />
            <Form name="task" form={addForm} layout="vertical" onFinish={adding.run} data-testid="task-form">
              <Form.Item name="gridId" label={t('fieldwork.tasks.community')} rules={[{ required: true }]} extra={t('fieldwork.tasks.communityHint')}>
                <GridTreeSelect onRoots={(roots) => { if (!addForm.getFieldValue('gridId') && roots[0]?.level === 'community') addForm.setFieldsValue({ gridId: roots[0].id }); }} />
              </Form.Item>
              <Form.Item name="title" label={t('fieldwork.tasks.taskTitle')} rules={[{ required: true, min: 2 }]}><Input maxLength={200} /></Form.Item>
              <Form.Item name="source" label={t('fieldwork.tasks.source')} rules={[{ required: true }]} extra={t('fieldwork.tasks.sourceHint')}><Input maxLength={100} /></Form.Item>
              <Button type="primary" htmlType="submit" block loading={adding.isBusy} data-testid="task-submit">{t('fieldwork.tasks.submit')}</Button>
            </Form>
          </Panel>
        )}

        <Panel
          title={<h2 className="gg-h2">{t('fieldwork.tasks.list')}</h2>}
          extra={<ExportButton rows={rows} columns={columns} fileName={`${t('fieldwork.tasks.title')} ${t(`fieldwork.tasks.show.${show}`)}`} />}
          data-testid="task-list"
        >
          <Segmented
            value={show}
            onChange={(v) => setShow(v as Show)}
            options={(['inScope', 'movedOut', 'all'] as const).map((s) => ({ value: s, label: t(`fieldwork.tasks.show.${s}`) }))}
            style={{ marginBottom: 8 }}
          />
          <ProblemAlert error={tasks.error} />
          <List
            loading={tasks.isLoading}
            dataSource={rows}
            pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: <Empty description={t('fieldwork.tasks.none')} /> }}
            renderItem={(x) => (
              <List.Item
                data-testid="task-item"
                actions={x.status === 'inScope' && can('communityTask.decide') ? [<Button key="move" size="small" data-testid="task-move-out" onClick={() => { movingOut.reset(); setMoving(x); }}>{t('fieldwork.tasks.moveOut')}</Button>] : []}
              >
                <List.Item.Meta
                  title={<Space wrap><span data-testid="task-title">{x.title}</span><Tag color={x.status === 'inScope' ? 'blue' : 'green'}>{t(`fieldwork.tasks.state.${x.status}`)}</Tag></Space>}
                  description={
                    <>
                      <div>{t('fieldwork.tasks.sourceIs', { source: x.source })}</div>
                      {x.status === 'movedOut' && <div>{t('fieldwork.tasks.movedOutBy', { approver: x.approver_name ?? '', date: x.decided_on ?? '', reason: x.reason ?? '' })}</div>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Panel>
      </Columns>

      <Modal
        open={Boolean(moving)}
        title={t('fieldwork.tasks.moveOutTitle', { title: moving?.title ?? '' })}
        onCancel={() => setMoving(undefined)}
        onOk={() => moveForm.submit()}
        okText={t('fieldwork.tasks.moveOutConfirm')}
        cancelText={t('fieldwork.cancel')}
        confirmLoading={movingOut.isBusy}
        destroyOnHidden
      >
        <ProblemAlert error={movingOut.error} />
        <Form name="moveOut" form={moveForm} layout="vertical" onFinish={movingOut.run} initialValues={{ decidedOn: dayjs(today()) }} data-testid="move-out-form" preserve={false}>
          <Form.Item name="reason" label={t('fieldwork.tasks.reason')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
          <Form.Item name="approverName" label={t('fieldwork.tasks.approver')} rules={[{ required: true }]} extra={t('fieldwork.tasks.approverHint')}><Input maxLength={40} /></Form.Item>
          <Form.Item name="decidedOn" label={t('fieldwork.tasks.decidedOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} inputReadOnly /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
