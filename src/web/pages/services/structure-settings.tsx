import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';

interface Archivable { id: string; archivedAt: string | null }
interface Department extends Archivable { kind: string; name: string; description: string | null; phone: string | null; sort: number }
interface Team extends Archivable { departmentId: string; name: string; leaderName: string | null; memberCount: number }
interface Interval { weekday: number; open: string; close: string }
interface Point extends Archivable { name: string; gridId: string; gridName: string; departmentId: string | null; address: string; lng: number | null; lat: number | null; openingHours: Interval[]; staff: string[]; slotMinutes: number; slotCapacity: number }
interface Category extends Archivable { code: string; name: string; nameEn: string; sort: number }
interface Item extends Archivable { categoryId: string; departmentId: string | null; name: string; description: string | null; durationMinutes: number | null; isBookable: boolean }
interface Structure { departments: Department[]; teams: Team[]; points: Point[]; categories: Category[]; items: Item[] }

type Kind = 'departments' | 'teams' | 'points' | 'categories' | 'items';
const kinds: Kind[] = ['departments', 'teams', 'points', 'categories', 'items'];
const departmentKinds = ['elderCare', 'property', 'general', 'merchant'];
const weekdays = [1, 2, 3, 4, 5, 6, 7];
const clock = { pattern: /^([01]\d|2[0-3]):[0-5]\d$/ };

/** Opening hours in a line: weekdays with the same intervals together, runs of days as a range (周一至周五 08:30–11:30、13:30–17:00). */
function hoursSummary(hours: Interval[], day: (w: number) => string, range: (from: string, to: string) => string): string {
  const byDay = new Map<number, string>();
  for (const w of weekdays) {
    const spans = hours.filter((h) => h.weekday === w).sort((a, b) => a.open.localeCompare(b.open)).map((h) => `${h.open}–${h.close}`);
    if (spans.length) byDay.set(w, spans.join('、'));
  }
  const groups: { days: number[]; spans: string }[] = [];
  for (const [w, spans] of byDay) {
    const group = groups.find((g) => g.spans === spans);
    if (group) group.days.push(w);
    else groups.push({ days: [w], spans });
  }
  return groups.map((g) => {
    const runs: number[][] = [];
    for (const w of g.days) {
      const last = runs.at(-1);
      if (last && last.at(-1) === w - 1) last.push(w);
      else runs.push([w]);
    }
    const days = runs.map((r) => (r.length > 2 ? range(day(r[0]!), day(r.at(-1)!)) : r.map(day).join('、'))).join('、');
    return `${days} ${g.spans}`;
  }).join('；');
}

/** Drops empty optional fields so the API's own defaults apply. */
function clean(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** 联盟设置: departments, teams, service points, categories and items, each a table with an edit dialog and archiving. */
export function StructureSettings() {
  const { t } = useTranslation();
  const data = useApi<Structure>('/api/services/structure');
  const [tab, setTab] = useState<Kind>('departments');
  const [editing, setEditing] = useState<{ kind: Kind; row: Archivable | null } | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [error, setError] = useState<unknown>();
  const [formError, setFormError] = useState<unknown>();
  const [isSaving, setIsSaving] = useState(false);
  const [form] = Form.useForm();
  const s = data.data;
  const departmentName = new Map((s?.departments ?? []).map((d) => [d.id, d.name]));
  const categoryName = new Map((s?.categories ?? []).map((c) => [c.id, c.name]));
  const liveOptions = (rows: { id: string; name: string; archivedAt: string | null }[]) => rows.filter((r) => !r.archivedAt).map((r) => ({ value: r.id, label: r.name }));

  const open = (kind: Kind, row: Archivable | null) => {
    setFormError(undefined);
    form.resetFields();
    const defaults: Record<Kind, Record<string, unknown>> = {
      departments: { kind: 'general' }, teams: { memberCount: 0 }, categories: {}, items: { isBookable: true },
      points: { slotMinutes: 30, slotCapacity: 1, staff: [], openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:30', close: '11:30' })) },
    };
    // A point's grid is only changed on purpose: the picker starts empty and shows the current grid as its hint.
    form.setFieldsValue(row ? { ...row, gridId: undefined } : defaults[kind]);
    setEditing({ kind, row });
  };
  const save = async (values: Record<string, unknown>) => {
    if (!editing) return;
    setIsSaving(true);
    setFormError(undefined);
    try {
      const body = clean(values);
      await (editing.row ? api(`/api/services/${editing.kind}/${editing.row.id}`, { method: 'PATCH', body }) : api(`/api/services/${editing.kind}`, { method: 'POST', body }));
      setEditing(null);
      data.reload();
    } catch (e) {
      setFormError(e);
      // Put each field's reason beside the field too: the dialog scrolls, the alert may be out of sight.
      if (e instanceof ApiError) {
        form.setFields((e.problem.errors ?? []).map((f) => ({ name: f.field.split('/').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), errors: [f.message ?? f.reason] })));
      }
    } finally {
      setIsSaving(false);
    }
  };
  const archive = async (kind: Kind, id: string) => {
    setError(undefined);
    try {
      await api(`/api/services/${kind}/${id}/archive`, { method: 'POST' });
      data.reload();
    } catch (e) {
      setError(e);
    }
  };

  const state = (r: Archivable) => (r.archivedAt ? <Tag>{t('services.structure.archived')}</Tag> : <Tag color="green">{t('services.structure.active')}</Tag>);
  const actions = (kind: Kind) => ({
    key: 'actions', title: t('services.structure.actions'), width: 160,
    render: (_: unknown, r: Archivable) => r.archivedAt ? null : (
      <Space size={4}>
        <Button size="small" onClick={() => open(kind, r)}>{t('services.structure.edit')}</Button>
        <Popconfirm title={t('services.structure.archiveConfirm')} onConfirm={() => void archive(kind, r.id)} okText={t('services.structure.archive')} cancelText={t('services.structure.cancel')}>
          <Button size="small" danger>{t('services.structure.archive')}</Button>
        </Popconfirm>
      </Space>
    ),
  });
  const col = (key: string, render?: (r: never) => ReactNode) => ({ key, dataIndex: key, title: t(`services.structure.field.${key}`), ...(render ? { render: (_: unknown, r: never) => render(r) } : {}) });

  const columns: Record<Kind, ColumnsType<never>> = {
    departments: [col('name'), col('kind', (r: Department) => t(`services.structure.kind.${r.kind}`)), col('phone'), col('sort'), col('state', state), actions('departments')],
    teams: [col('name'), col('departmentId', (r: Team) => departmentName.get(r.departmentId) ?? ''), col('leaderName'), col('memberCount'), col('state', state), actions('teams')],
    points: [
      { ...col('name'), width: 160 }, { ...col('gridId', (r: Point) => r.gridName), width: 110 }, { ...col('address'), width: 160 },
      { ...col('openingHours', (r: Point) => hoursSummary(r.openingHours, (w) => t(`services.structure.weekday.${w}`), (from, to) => t('services.structure.dayRange', { from, to }))), width: 280 },
      col('slotMinutes'), col('slotCapacity'), { ...col('staff', (r: Point) => r.staff.join('、')), width: 140 }, col('state', state), actions('points'),
    ],
    categories: [col('code'), col('name'), col('nameEn'), col('sort'), col('state', state), actions('categories')],
    items: [col('name'), col('categoryId', (r: Item) => categoryName.get(r.categoryId) ?? ''), col('durationMinutes'), col('isBookable', (r: Item) => (r.isBookable ? t('services.structure.yes') : t('services.structure.no'))), col('state', state), actions('items')],
  };

  const required = [{ required: true, message: t('services.structure.required') }];
  const label = (key: string) => t(`services.structure.field.${key}`);
  const fields: Record<Kind, ReactNode> = {
    departments: (
      <>
        <Form.Item name="name" label={label('name')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="kind" label={label('kind')} rules={required}><Select options={departmentKinds.map((k) => ({ value: k, label: t(`services.structure.kind.${k}`) }))} /></Form.Item>
        <Form.Item name="phone" label={label('phone')}><Input maxLength={30} /></Form.Item>
        <Form.Item name="description" label={label('description')}><Input.TextArea rows={3} maxLength={500} /></Form.Item>
        <Form.Item name="sort" label={label('sort')}><InputNumber min={0} max={1000} precision={0} /></Form.Item>
      </>
    ),
    teams: (
      <>
        <Form.Item name="name" label={label('name')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="departmentId" label={label('departmentId')} rules={required}><Select options={liveOptions(s?.departments ?? [])} /></Form.Item>
        <Form.Item name="leaderName" label={label('leaderName')}><Input maxLength={40} /></Form.Item>
        <Form.Item name="memberCount" label={label('memberCount')} rules={required}><InputNumber min={0} precision={0} /></Form.Item>
      </>
    ),
    points: (
      <>
        <Form.Item name="name" label={label('name')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="gridId" label={label('gridId')} rules={editing?.row ? [] : required} extra={editing?.row ? t('services.structure.gridHelp') : undefined}>
          <GridTreeSelect allowClear={Boolean(editing?.row)} placeholder={(editing?.row as Point | null)?.gridName} aria-label={label('gridId')} />
        </Form.Item>
        <Form.Item name="departmentId" label={label('departmentId')}><Select allowClear options={liveOptions(s?.departments ?? [])} /></Form.Item>
        <Form.Item name="address" label={label('address')} rules={required}><Input maxLength={200} /></Form.Item>
        <Space wrap>
          <Form.Item name="lng" label={label('lng')}><InputNumber min={-180} max={180} step={0.0001} /></Form.Item>
          <Form.Item name="lat" label={label('lat')}><InputNumber min={-90} max={90} step={0.0001} /></Form.Item>
          <Form.Item name="slotMinutes" label={label('slotMinutes')} rules={required}><InputNumber min={5} max={480} precision={0} /></Form.Item>
          <Form.Item name="slotCapacity" label={label('slotCapacity')} rules={required}><InputNumber min={1} max={1000} precision={0} /></Form.Item>
        </Space>
        <Form.Item label={label('openingHours')} extra={t('services.structure.hoursHelp')}>
          <Form.List name="openingHours">
            {(rows, { add, remove }) => (
              <>
                {rows.map(({ key, name }) => (
                  <Space key={key} align="baseline">
                    <Form.Item name={[name, 'weekday']} rules={required}><Select style={{ width: 96 }} aria-label={t('services.structure.weekdayLabel')} options={weekdays.map((w) => ({ value: w, label: t(`services.structure.weekday.${w}`) }))} /></Form.Item>
                    <Form.Item name={[name, 'open']} rules={[...required, { ...clock, message: t('services.structure.timeRule') }]}><Input style={{ width: 84 }} placeholder="08:30" aria-label={t('services.structure.open')} /></Form.Item>
                    <span>–</span>
                    <Form.Item name={[name, 'close']} rules={[...required, { ...clock, message: t('services.structure.timeRule') }]}><Input style={{ width: 84 }} placeholder="11:30" aria-label={t('services.structure.close')} /></Form.Item>
                    <MinusCircleOutlined aria-label={t('services.structure.removeInterval')} onClick={() => remove(name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ weekday: 1, open: '08:30', close: '11:30' })}>{t('services.structure.addInterval')}</Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="staff" label={label('staff')} extra={t('services.structure.staffHelp')}><Select mode="tags" open={false} /></Form.Item>
      </>
    ),
    categories: (
      <>
        <Form.Item name="code" label={label('code')} rules={required} extra={t('services.structure.codeHelp')}><Input maxLength={40} /></Form.Item>
        <Form.Item name="name" label={label('name')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="nameEn" label={label('nameEn')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="sort" label={label('sort')}><InputNumber min={0} max={1000} precision={0} /></Form.Item>
      </>
    ),
    items: (
      <>
        <Form.Item name="name" label={label('name')} rules={required}><Input maxLength={80} /></Form.Item>
        <Form.Item name="categoryId" label={label('categoryId')} rules={required}><Select options={liveOptions(s?.categories ?? [])} /></Form.Item>
        <Form.Item name="departmentId" label={label('departmentId')}><Select allowClear options={liveOptions(s?.departments ?? [])} /></Form.Item>
        <Form.Item name="description" label={label('description')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
        <Form.Item name="durationMinutes" label={label('durationMinutes')}><InputNumber min={1} max={1440} precision={0} /></Form.Item>
        <Form.Item name="isBookable" label={label('isBookable')} valuePropName="checked"><Switch /></Form.Item>
      </>
    ),
  };

  const rows = (kind: Kind) => ((s?.[kind] ?? []) as Archivable[]).filter((r) => showArchived || !r.archivedAt);
  return (
    <div data-testid="services-structure">
      <ProblemAlert error={error ?? data.error} />
      <Panel extra={(
          <Space wrap style={{ justifyContent: 'flex-end' }}>
            <span style={{ whiteSpace: 'nowrap' }}><Switch size="small" checked={showArchived} onChange={setShowArchived} aria-label={t('services.structure.showArchived')} /> {t('services.structure.showArchived')}</span>
            <ExportButton rows={rows(tab) as never[]} columns={columns[tab].filter((c) => c.key !== 'actions')} fileName={t(`services.structure.tab.${tab}`)} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open(tab, null)} data-testid="structure-new">{t(`services.structure.new.${tab}`)}</Button>
          </Space>
        )}>
        <Tabs
          activeKey={tab} onChange={(k) => setTab(k as Kind)}
          items={kinds.map((kind) => ({
            key: kind, label: t(`services.structure.tab.${kind}`),
            children: <Table<never> size="middle" rowKey="id" loading={data.isLoading} dataSource={rows(kind) as never[]} columns={columns[kind]} scroll={{ x: 900 }} pagination={false} />,
          }))}
        />
      </Panel>
      <Modal
        open={editing !== null} title={editing ? t(editing.row ? `services.structure.edit` : `services.structure.new.${editing.kind}`) : ''} onCancel={() => setEditing(null)} onOk={() => form.submit()}
        okText={t('services.structure.save')} cancelText={t('services.structure.cancel')} confirmLoading={isSaving} destroyOnHidden width={680}
      >
        <ProblemAlert error={formError} />
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>{editing && fields[editing.kind]}</Form>
      </Modal>
    </div>
  );
}
