import { Button, DatePicker, Empty, Form, Input, List, Progress, Space, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { HouseholdPicker } from './household-picker.js';
import { Columns, FieldworkNav, quarterOf, today } from './bits.js';

interface Coverage {
  households: number;
  visited: number;
  rate: number;
  byGrid: { gridName: string; gridPath: string; households: number; visited: number }[];
  unvisited: Unvisited[];
}
interface Unvisited { householdId: string; gridName: string; room: string | null; place: string }
interface Visit { id: string; household_id: string; grid_name: string | null; room: string | null; visited_on: string; visitor_user_id: string | null; visitor_name: string; note: string | null }
type GridRow = Coverage['byGrid'][number];

const place = (gridName: string | null, room: string | null) => [gridName, room].filter(Boolean).join(' ');
const percent = (visited: number, households: number) => (households ? Math.round((visited / households) * 100) : 0);

/** 入户走访 (/fieldwork/visits): log a household visit from the phone, the visits of my area, and who nobody has visited this quarter. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const [form] = Form.useForm();
  const [gridId, setGridId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => quarterOf(today()));
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  // The board opens on the viewer's first grid (the tree's first root) and waits for it.
  const coverage = useApi<Coverage>(gridId ? '/api/fieldwork/visits/coverage' : null, { gridId, from, to });
  const visits = useApi<Page<Visit>>('/api/fieldwork/visits', { limit: 30 });
  const canLog = can('visit.log');

  const unvisited = coverage.data?.unvisited ?? [];
  // Lowest coverage first: the grids that need a visit most.
  const byGrid = useMemo(() => [...(coverage.data?.byGrid ?? [])].sort((a, b) => a.visited / (a.households || 1) - b.visited / (b.households || 1)), [coverage.data]);
  const householdOptions = useMemo(() => unvisited.map((u) => ({ householdId: u.householdId, label: `${u.place || place(u.gridName, u.room) || u.householdId} · ${t('fieldwork.visits.notThisPeriod')}` })), [unvisited, t]);

  const { run: submit, error, isBusy: isSaving } = useSubmit(async (v: { householdId: string; visitedOn: Dayjs; note?: string }) => {
    await api('/api/fieldwork/visits', { method: 'POST', body: { householdId: v.householdId, visitedOn: v.visitedOn.format('YYYY-MM-DD'), note: v.note || undefined } });
    void message.success(t('fieldwork.visits.logged'));
    form.resetFields(['householdId', 'note']);
    coverage.reload();
    visits.reload();
  });

  const pick = (u: Unvisited) => {
    form.setFieldsValue({ householdId: u.householdId });
    document.getElementById('visit-form')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const gridColumns: ExportableColumn<GridRow>[] = [
    { key: 'grid', title: t('fieldwork.coverage.grid'), render: (_, g) => g.gridName },
    { key: 'households', title: t('fieldwork.coverage.households'), render: (_, g) => g.households },
    { key: 'visited', title: t('fieldwork.coverage.visited'), render: (_, g) => g.visited },
    { key: 'rate', title: t('fieldwork.coverage.rate'), render: (_, g) => `${percent(g.visited, g.households)}%` },
  ];
  const unvisitedColumns: ExportableColumn<Unvisited>[] = [
    { key: 'grid', title: t('fieldwork.coverage.grid'), render: (_, u) => u.gridName },
    { key: 'room', title: t('fieldwork.coverage.room'), render: (_, u) => u.room ?? '' },
    { key: 'place', title: t('fieldwork.coverage.place'), render: (_, u) => u.place },
  ];
  const visitColumns: ExportableColumn<Visit>[] = [
    { key: 'visitedOn', title: t('fieldwork.visits.date'), render: (_, v) => v.visited_on },
    { key: 'household', title: t('fieldwork.visits.household'), render: (_, v) => place(v.grid_name, v.room) },
    { key: 'visitor', title: t('fieldwork.visits.visitor'), render: (_, v) => v.visitor_name },
    { key: 'note', title: t('fieldwork.visits.note'), render: (_, v) => v.note ?? '' },
  ];
  const period = t('fieldwork.coverage.period', { from, to });

  return (
    <div className="gg-page" data-testid="visits-page">
      <h1 className="gg-page-title">{t('fieldwork.visits.title')}</h1>
      <FieldworkNav />
      <Columns>
        {canLog && (
          <div id="visit-form"><Panel title={<h2 className="gg-h2">{t('fieldwork.visits.log')}</h2>}>
            <ProblemAlert error={error} />
            <Form name="visit" form={form} layout="vertical" onFinish={submit} initialValues={{ visitedOn: dayjs(today()) }} data-testid="visit-form">
              <Form.Item name="householdId" label={t('fieldwork.visits.household')} rules={[{ required: true, message: t('fieldwork.visits.pickHousehold') }]} extra={t('fieldwork.visits.householdHint')}>
                <HouseholdPicker unvisited={householdOptions} gridId={gridId} isLoading={coverage.isLoading || !gridId} />
              </Form.Item>
              <Form.Item name="visitedOn" label={t('fieldwork.visits.date')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(today()), 'day')} />
              </Form.Item>
              <Form.Item name="note" label={t('fieldwork.visits.note')}>
                <Input.TextArea rows={3} maxLength={2000} placeholder={t('fieldwork.visits.notePlaceholder')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={isSaving} data-testid="visit-submit">{t('fieldwork.visits.submit')}</Button>
            </Form>
          </Panel></div>
        )}

        <Panel
          title={<h2 className="gg-h2">{t('fieldwork.coverage.title')}</h2>}
          extra={<ExportButton rows={byGrid} columns={gridColumns} fileName={`${t('fieldwork.coverage.title')} ${period}`} />}
          data-testid="coverage-board"
        >
          <Space wrap style={{ marginBottom: 12 }}>
            <GridTreeSelect value={gridId} onChange={setGridId} onRoots={(roots) => { if (!gridId && roots[0]) setGridId(roots[0].id); }} allowClear={false} aria-label={t('fieldwork.coverage.grid')} style={{ width: 220 }} />
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              inputReadOnly
              onChange={(values) => { if (values?.[0] && values[1]) setRange([values[0], values[1]]); }}
              aria-label={t('fieldwork.coverage.periodLabel')}
            />
          </Space>
          <ProblemAlert error={coverage.error} />
          {coverage.data && (
            <p data-testid="coverage-summary">
              {t('fieldwork.coverage.summary', { visited: coverage.data.visited, households: coverage.data.households, rate: Math.round(coverage.data.rate * 1000) / 10 })}
              <span data-testid="coverage-visited" hidden>{coverage.data.visited}</span>
            </p>
          )}
          <List
            loading={coverage.isLoading || !gridId}
            dataSource={byGrid}
            pagination={byGrid.length > 15 ? { pageSize: 15, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: <Empty description={t('fieldwork.coverage.noHouseholds')} /> }}
            renderItem={(g) => (
              <List.Item data-testid="coverage-grid" style={{ display: 'grid', gridTemplateColumns: 'minmax(5em, 9em) 1fr auto', gap: 8, alignItems: 'center', padding: '6px 0' }}>
                <span>{g.gridName}</span>
                <Progress percent={percent(g.visited, g.households)} size="small" aria-label={g.gridName} status={percent(g.visited, g.households) < 60 ? 'exception' : 'normal'} />
                <span style={{ whiteSpace: 'nowrap', color: '#595959' }}>{t('fieldwork.coverage.gridCount', { visited: g.visited, households: g.households })}</span>
              </List.Item>
            )}
          />
        </Panel>
      </Columns>

      <Columns>
        <Panel
          title={<h2 className="gg-h2">{t('fieldwork.coverage.unvisitedTitle', { count: unvisited.length })}</h2>}
          extra={<ExportButton rows={unvisited} columns={unvisitedColumns} fileName={`${t('fieldwork.coverage.unvisitedFile')} ${period}`} />}
          data-testid="unvisited-list"
        >
          {coverage.data && coverage.data.households - coverage.data.visited > unvisited.length && <p>{t('fieldwork.coverage.firstOnly', { count: unvisited.length })}</p>}
          <List
            loading={coverage.isLoading || !gridId}
            dataSource={unvisited}
            pagination={unvisited.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: <Empty description={t('fieldwork.coverage.allVisited')} /> }}
            renderItem={(u) => (
              <List.Item data-testid="unvisited-item" actions={canLog ? [<Button key="visit" size="small" onClick={() => pick(u)} data-testid="unvisited-visit">{t('fieldwork.coverage.visit')}</Button>] : []}>
                <Space><Tag color="orange">{t('fieldwork.coverage.notVisited')}</Tag><span data-testid="unvisited-place">{u.place}</span></Space>
              </List.Item>
            )}
          />
        </Panel>

        <Panel
          title={<h2 className="gg-h2">{t('fieldwork.visits.recent')}</h2>}
          extra={<ExportButton path="/api/fieldwork/visits" columns={visitColumns} fileName={t('fieldwork.visits.recent')} />}
          data-testid="visit-list"
        >
          <ProblemAlert error={visits.error} />
          <List
            loading={visits.isLoading}
            dataSource={visits.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('fieldwork.visits.none')} /> }}
            renderItem={(v) => (
              <List.Item data-testid="visit-item">
                <List.Item.Meta
                  title={<Space wrap><span>{place(v.grid_name, v.room)}</span>{v.visitor_user_id === me?.id && <Tag color="blue">{t('fieldwork.visits.mine')}</Tag>}</Space>}
                  description={<>{v.visited_on} · {v.visitor_name}{v.note && <div>{v.note}</div>}</>}
                />
              </List.Item>
            )}
          />
        </Panel>
      </Columns>
    </div>
  );
}
