import { Button, DatePicker, Empty, Form, Input, InputNumber, List, Space, Tabs, Tag, TimePicker, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import { Columns, FieldworkNav, beijingTime, today } from './bits.js';

interface OfficeHour { id: string; gridId: string; gridName: string; startsAt: string; endsAt: string; place: string; hostName: string; topic: string | null }
interface FollowUp { id: string; subject: string; note: string; visited_on: string; by_name: string }
interface Meeting { id: string; held_on: string; topic: string; attendees: number; minutes: string | null }
type Tab = 'officeHours' | 'followUps' | 'meetings';

/** Posts a form's body; on success resets the named fields and reloads the list. */
function useSave(path: string, done: () => void) {
  const { t } = useTranslation();
  const { run: save, error, isBusy: isSaving } = useSubmit(async (body: Record<string, unknown>) => {
    await api(path, { method: 'POST', body });
    void message.success(t('fieldwork.saved'));
    done();
  });
  return { error, isSaving, save };
}

function FormPanel({ title, error, children }: { title: string; error: unknown; children: ReactNode }) {
  return (
    <Panel title={<h2 className="gg-h2">{title}</h2>}>
      <ProblemAlert error={error} />
      {children}
    </Panel>
  );
}

/** 我在小区等您 (/fieldwork/office-hours): reception slots in the compounds, with the follow-up visits (跟踪回访) and the regular steward meetings (定期例会) as tabs. */
export default function OfficeHoursPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (['officeHours', 'followUps', 'meetings'].includes(params.get('tab') ?? '') ? params.get('tab') : 'officeHours') as Tab;
  return (
    <div className="gg-page" data-testid="office-hours-page">
      <h1 className="gg-page-title">{t(`fieldwork.${tab}.title`)}</h1>
      <FieldworkNav />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'officeHours' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'officeHours', label: t('fieldwork.officeHours.tab'), children: <OfficeHours /> },
          { key: 'followUps', label: t('fieldwork.followUps.tab'), children: <FollowUps /> },
          { key: 'meetings', label: t('fieldwork.meetings.tab'), children: <Meetings /> },
        ]}
      />
    </div>
  );
}

function OfficeHours() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const [form] = Form.useForm();
  const list = useApi<Page<OfficeHour>>('/api/fieldwork/office-hours', { limit: 200 });
  const { error, isSaving, save } = useSave('/api/fieldwork/office-hours', () => {
    form.resetFields(['place']);
    list.reload();
  });
  const submit = (v: { gridId: string; day: Dayjs; time: [Dayjs, Dayjs]; place: string; hostName: string; topic?: string }) => {
    const at = (time: Dayjs) => `${v.day.format('YYYY-MM-DD')}T${time.format('HH:mm')}:00+08:00`;
    return save({ gridId: v.gridId, startsAt: at(v.time[0]), endsAt: at(v.time[1]), place: v.place, hostName: v.hostName, topic: v.topic || undefined });
  };
  const rows = list.data?.items ?? [];
  const when = (o: OfficeHour) => `${beijingTime(o.startsAt, true)}–${beijingTime(o.endsAt).slice(6)}`;
  const columns: ExportableColumn<OfficeHour>[] = [
    { key: 'when', title: t('fieldwork.officeHours.when'), render: (_, o) => when(o) },
    { key: 'grid', title: t('fieldwork.officeHours.grid'), render: (_, o) => o.gridName },
    { key: 'place', title: t('fieldwork.officeHours.place'), render: (_, o) => o.place },
    { key: 'host', title: t('fieldwork.officeHours.host'), render: (_, o) => o.hostName },
    { key: 'topic', title: t('fieldwork.officeHours.topic'), render: (_, o) => o.topic ?? '' },
  ];
  return (
    <Columns>
        {can('officeHours.write') && (
          <FormPanel title={t('fieldwork.officeHours.publish')} error={error}>
            <Form name="officeHour"
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ day: dayjs(today()).add(1, 'day'), time: [dayjs('2000-01-01T09:00'), dayjs('2000-01-01T11:00')], hostName: me?.displayName, topic: t('fieldwork.officeHours.defaultTopic') }}
              data-testid="office-hour-form"
            >
              <Form.Item name="gridId" label={t('fieldwork.officeHours.grid')} rules={[{ required: true }]}><GridTreeSelect pickFirstRoot /></Form.Item>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Form.Item name="day" label={t('fieldwork.officeHours.day')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
                  <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isBefore(dayjs(today()), 'day')} />
                </Form.Item>
                <Form.Item name="time" label={t('fieldwork.officeHours.time')} rules={[{ required: true }]} style={{ flex: '1.4 1 180px' }}>
                  <TimePicker.RangePicker format="HH:mm" minuteStep={15} style={{ width: '100%' }} inputReadOnly />
                </Form.Item>
              </div>
              <Form.Item name="place" label={t('fieldwork.officeHours.place')} rules={[{ required: true }]}><Input maxLength={200} placeholder={t('fieldwork.officeHours.placePlaceholder')} /></Form.Item>
              <Form.Item name="hostName" label={t('fieldwork.officeHours.host')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
              <Form.Item name="topic" label={t('fieldwork.officeHours.topic')}><Input maxLength={200} /></Form.Item>
              <Button type="primary" htmlType="submit" block loading={isSaving} data-testid="office-hour-submit">{t('fieldwork.officeHours.submit')}</Button>
            </Form>
          </FormPanel>
        )}
        <Panel title={<h2 className="gg-h2">{t('fieldwork.officeHours.upcoming')}</h2>} extra={<ExportButton rows={rows} columns={columns} fileName={t('fieldwork.officeHours.upcoming')} />} data-testid="office-hour-list">
          <ProblemAlert error={list.error} />
          <List
            loading={list.isLoading}
            dataSource={rows}
            pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
            locale={{ emptyText: <Empty description={t('fieldwork.officeHours.none')} /> }}
            renderItem={(o) => (
              <List.Item data-testid="office-hour-item">
                <List.Item.Meta
                  title={<Space wrap><Tag color="red">{when(o)}</Tag><span data-testid="office-hour-place">{o.place}</span></Space>}
                  description={<>{o.gridName} · {t('fieldwork.officeHours.hostIs', { host: o.hostName })}{o.topic && <div>{o.topic}</div>}</>}
                />
              </List.Item>
            )}
          />
        </Panel>
    </Columns>
  );
}

function FollowUps() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const list = useApi<Page<FollowUp>>('/api/fieldwork/follow-ups', { limit: 50 });
  const { error, isSaving, save } = useSave('/api/fieldwork/follow-ups', () => {
    form.resetFields(['subject', 'note']);
    list.reload();
  });
  const columns: ExportableColumn<FollowUp>[] = [
    { key: 'date', title: t('fieldwork.followUps.date'), render: (_, f) => f.visited_on },
    { key: 'subject', title: t('fieldwork.followUps.subject'), render: (_, f) => f.subject },
    { key: 'note', title: t('fieldwork.followUps.note'), render: (_, f) => f.note },
    { key: 'by', title: t('fieldwork.followUps.by'), render: (_, f) => f.by_name },
  ];
  return (
    <Columns>
        {can('followUp.write') && (
          <FormPanel title={t('fieldwork.followUps.log')} error={error}>
            <Form name="followUp" form={form} layout="vertical" initialValues={{ visitedOn: dayjs(today()) }} onFinish={(v: { gridId: string; subject: string; note: string; visitedOn: Dayjs }) => save({ ...v, visitedOn: v.visitedOn.format('YYYY-MM-DD') })}>
              <Form.Item name="gridId" label={t('fieldwork.followUps.grid')} rules={[{ required: true }]}><GridTreeSelect pickFirstRoot /></Form.Item>
              <Form.Item name="subject" label={t('fieldwork.followUps.subject')} rules={[{ required: true }]}><Input maxLength={200} placeholder={t('fieldwork.followUps.subjectPlaceholder')} /></Form.Item>
              <Form.Item name="note" label={t('fieldwork.followUps.note')} rules={[{ required: true }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
              <Form.Item name="visitedOn" label={t('fieldwork.followUps.date')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(today()), 'day')} /></Form.Item>
              <Button type="primary" htmlType="submit" block loading={isSaving}>{t('fieldwork.followUps.submit')}</Button>
            </Form>
          </FormPanel>
        )}
        <Panel title={<h2 className="gg-h2">{t('fieldwork.followUps.recent')}</h2>} extra={<ExportButton path="/api/fieldwork/follow-ups" columns={columns} fileName={t('fieldwork.followUps.recent')} />}>
          <ProblemAlert error={list.error} />
          <List
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('fieldwork.followUps.none')} /> }}
            renderItem={(f) => (
              <List.Item>
                <List.Item.Meta title={f.subject} description={<>{f.visited_on} · {f.by_name}<div>{f.note}</div></>} />
              </List.Item>
            )}
          />
        </Panel>
    </Columns>
  );
}

function Meetings() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const list = useApi<Page<Meeting>>('/api/fieldwork/meetings', { limit: 50 });
  const { error, isSaving, save } = useSave('/api/fieldwork/meetings', () => {
    form.resetFields(['topic', 'attendees', 'minutes']);
    list.reload();
  });
  const columns: ExportableColumn<Meeting>[] = [
    { key: 'date', title: t('fieldwork.meetings.date'), render: (_, m) => m.held_on },
    { key: 'topic', title: t('fieldwork.meetings.topic'), render: (_, m) => m.topic },
    { key: 'attendees', title: t('fieldwork.meetings.attendees'), render: (_, m) => m.attendees },
    { key: 'minutes', title: t('fieldwork.meetings.minutes'), render: (_, m) => m.minutes ?? '' },
  ];
  return (
    <Columns>
        {can('meeting.write') && (
          <FormPanel title={t('fieldwork.meetings.log')} error={error}>
            <Form name="meeting" form={form} layout="vertical" initialValues={{ heldOn: dayjs(today()) }} onFinish={(v: { gridId: string; heldOn: Dayjs; topic: string; attendees: number; minutes?: string }) => save({ ...v, heldOn: v.heldOn.format('YYYY-MM-DD'), minutes: v.minutes || undefined })}>
              <Form.Item name="gridId" label={t('fieldwork.meetings.grid')} rules={[{ required: true }]}><GridTreeSelect pickFirstRoot /></Form.Item>
              <Form.Item name="topic" label={t('fieldwork.meetings.topic')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <Form.Item name="heldOn" label={t('fieldwork.meetings.date')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}><DatePicker style={{ width: '100%' }} inputReadOnly /></Form.Item>
                <Form.Item name="attendees" label={t('fieldwork.meetings.attendees')} rules={[{ required: true }]} style={{ flex: '1 1 140px' }}><InputNumber min={1} max={1000} style={{ width: '100%' }} /></Form.Item>
              </div>
              <Form.Item name="minutes" label={t('fieldwork.meetings.minutes')}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
              <Button type="primary" htmlType="submit" block loading={isSaving}>{t('fieldwork.meetings.submit')}</Button>
            </Form>
          </FormPanel>
        )}
        <Panel title={<h2 className="gg-h2">{t('fieldwork.meetings.recent')}</h2>} extra={<ExportButton path="/api/fieldwork/meetings" columns={columns} fileName={t('fieldwork.meetings.recent')} />}>
          <ProblemAlert error={list.error} />
          <List
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('fieldwork.meetings.none')} /> }}
            renderItem={(m) => (
              <List.Item>
                <List.Item.Meta title={m.topic} description={<>{m.held_on} · {t('fieldwork.meetings.attendeesCount', { count: m.attendees })}{m.minutes && <div>{m.minutes}</div>}</>} />
              </List.Item>
            )}
          />
        </Panel>
    </Columns>
  );
}
