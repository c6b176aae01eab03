import { useState } from 'react';
import { Button, DatePicker, Empty, Form, Input, Modal, Select, Space, Spin, Table, Tag, message, type TableColumnsType } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { MeetingStateTag, OrgKindTag, PageHead, formatDay, formatTime } from './bits.js';
import type { BodyDetail, MeetingSummary } from './types.js';

const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Reads the common RRULEs out loud (每月第2个星期二); anything else is shown as written. */
export function describeRule(rrule: string, t: (key: string, o?: Record<string, unknown>) => string): string {
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=')));
  const day = (code: string) => t(`deliberation.weekday.${weekdays.indexOf(code.replace(/^[+-]?\d+/, ''))}`);
  if (parts.FREQ === 'MONTHLY' && parts.BYDAY && parts.BYSETPOS) return t('deliberation.rule.monthlyNth', { nth: parts.BYSETPOS === '-1' ? t('deliberation.rule.last') : parts.BYSETPOS, day: day(parts.BYDAY) });
  if (parts.FREQ === 'MONTHLY' && parts.BYMONTHDAY) return t('deliberation.rule.monthlyDay', { day: parts.BYMONTHDAY });
  if (parts.FREQ === 'WEEKLY' && parts.BYDAY) return t('deliberation.rule.weekly', { day: String(parts.BYDAY).split(',').map(day).join('、'), interval: parts.INTERVAL ?? 1 });
  return rrule;
}

function MeetingList({ items }: { items: MeetingSummary[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <ul className="dl-attendance">
      {items.map((m) => (
        <li key={m.id}>
          <Link to={`/deliberation/meetings/${m.id}`}>{m.title}</Link>
          <span className="gg-muted">{formatTime(m.startsAt, true)}</span>
          <MeetingStateTag state={m.state} />
          {m.kind === 'special' ? <Tag>{t('deliberation.meeting.special')}</Tag> : null}
        </li>
      ))}
    </ul>
  );
}

/** A meeting list's lines as columns (title, time, state, 专题). */
function useMeetingColumns(): ExportableColumn<MeetingSummary>[] {
  const { t } = useTranslation();
  return [
    { key: 'title', title: t('deliberation.meeting.title'), render: (_, m) => m.title },
    { key: 'startsAt', title: t('deliberation.meeting.startsAt'), render: (_, m) => formatTime(m.startsAt, true) },
    { key: 'state', title: t('deliberation.column.state'), render: (_, m) => t(`deliberation.meetingState.${m.state}`) },
    { key: 'kind', title: t('deliberation.column.kind'), render: (_, m) => (m.kind === 'special' ? t('deliberation.meeting.special') : '') },
  ];
}

/** 议事机构 (/deliberation/bodies/:id): seats, delegates with positions and terms, the schedule and meetings. */
export default function BodyPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const body = useApi<BodyDetail>(`/api/deliberation/bodies/${id}`);
  const [isCalling, setCalling] = useState(false);
  const [isAdding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>();
  const [callForm] = Form.useForm<{ title: string; startsAt: Dayjs; location?: string }>();
  const [memberForm] = Form.useForm<{ name: string; position: string; orgId?: string }>();
  const meetingColumns = useMeetingColumns();
  const b = body.data;

  const call = async () => {
    const v = await callForm.validateFields();
    setError(undefined);
    try {
      const made = await api<{ id: string }>('/api/deliberation/meetings', { method: 'POST', body: { bodyId: id, title: v.title, startsAt: v.startsAt.toDate().toISOString(), location: v.location } });
      message.success(t('deliberation.body.called'));
      navigate(`/deliberation/meetings/${made.id}`);
    } catch (e) {
      setError(e);
    }
  };
  const addMember = async () => {
    const v = await memberForm.validateFields();
    setError(undefined);
    try {
      await api(`/api/deliberation/bodies/${id}/members`, { method: 'POST', body: v });
      setAdding(false);
      memberForm.resetFields();
      body.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (body.error) return <div className="gg-page dl-page"><ProblemAlert error={body.error} /></div>;
  if (!b) return <Spin size="large" className="gg-page-spin" />;
  const memberColumns: TableColumnsType<BodyDetail['members'][number]> = [
    { key: 'name', title: t('deliberation.body.name'), render: (_, m) => <strong>{m.name}</strong> },
    { key: 'position', title: t('deliberation.body.position'), render: (_, m) => t(`deliberation.position.${m.position}`) },
    { key: 'org', title: t('deliberation.body.org'), render: (_, m) => (m.orgName ? <Space size={4} wrap><OrgKindTag kind={m.orgKind} />{m.orgName}</Space> : '—') },
    { key: 'term', title: t('deliberation.body.term'), render: (_, m) => `${formatDay(m.termStart)} – ${m.termEnd ? formatDay(m.termEnd) : t('deliberation.body.now')}` },
    { key: 'current', title: '', width: 80, render: (_, m) => (m.isCurrent ? <Tag color="green">{t('deliberation.body.current')}</Tag> : <Tag>{t('deliberation.body.past')}</Tag>) },
  ];
  return (
    <div className="gg-page dl-page">
      <PageHead
        title={b.name}
        subtitle={`${t(`deliberation.level.${b.level}`)} · ${b.gridName ?? ''} · ${t(`deliberation.votingRule.${b.votingRule}`)} · ${t('deliberation.body.ruleLine', { quorum: b.quorumPercent, majority: t(`deliberation.majority.${b.majority}`) })}`}
        extra={b.canManage ? (
          <Space wrap>
            <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>{t('deliberation.body.addMember')}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => { callForm.setFieldsValue({ title: `${b.name}` }); setCalling(true); }} data-testid="call-meeting">{t('deliberation.body.call')}</Button>
          </Space>
        ) : null}
      />
      {error ? <ProblemAlert error={error} /> : null}
      <div className="dl-stats">
        <div className="dl-stat"><div className="dl-stat-value">{b.stats.meetingsHeld}</div><div className="dl-stat-label">{t('deliberation.body.meetingsHeld')}</div></div>
        <div className="dl-stat"><div className="dl-stat-value">{b.stats.resolutions}</div><div className="dl-stat-label">{t('deliberation.stats.resolutions')}</div></div>
        <div className="dl-stat"><div className="dl-stat-value">{b.stats.resolutionsDone}</div><div className="dl-stat-label">{t('deliberation.body.resolutionsDone')}</div></div>
        <div className="dl-stat"><div className="dl-stat-value">{b.stats.casesClosed}</div><div className="dl-stat-label">{t('deliberation.stats.casesClosed')}</div></div>
      </div>
      {b.kind === 'fourParty' && (
        <Panel title={t('deliberation.body.seats')}>
          <div className="dl-seats" data-testid="seats">
            {b.seats.map((s) => {
              const delegate = b.members.find((m) => m.orgId === s.orgId && m.isCurrent);
              return (
                <div className="dl-seat" key={s.orgId}>
                  <div className="dl-seat-kind">{t(`deliberation.orgKind.${s.seatKind}`)}</div>
                  <div className="dl-seat-name">{s.name}</div>
                  <div className="gg-muted">{delegate ? t('deliberation.body.delegate', { name: delegate.name }) : t('deliberation.body.noDelegate')}</div>
                </div>
              );
            })}
          </div>
        </Panel>
      )}
      <Panel
        title={t('deliberation.body.members')}
        bodyStyle={{ padding: 0 }}
        extra={<ExportButton rows={b.members} columns={memberColumns} texts={{ org: (m) => (m.orgName ? `${m.orgKind ? `${t(`deliberation.orgKind.${m.orgKind}`)} ` : ''}${m.orgName}` : '—') }} fileName={`${b.name}-${t('deliberation.body.members')}`} />}
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 640 }}
          dataSource={b.members}
          data-testid="members"
          columns={memberColumns}
        />
      </Panel>
      <div className="dl-meeting-grid">
        <Panel title={t('deliberation.body.upcoming')} extra={b.upcoming.length > 0 ? <ExportButton rows={b.upcoming} columns={meetingColumns} fileName={`${b.name}-${t('deliberation.body.upcoming')}`} testId="export-upcoming" /> : null}><MeetingList items={b.upcoming} /></Panel>
        <div className="dl-col">
          <Panel title={t('deliberation.body.schedule')}>
            {b.series.length === 0 ? <span className="gg-muted">{t('deliberation.body.noSchedule')}</span> : b.series.map((s) => (
              <div key={s.id}>
                <strong>{describeRule(s.rrule, t)}</strong> {s.startTime} · {t('deliberation.body.minutesLong', { count: s.durationMinutes })}
                <div className="gg-muted gg-mono">RRULE:{s.rrule}</div>
              </div>
            ))}
          </Panel>
          <Panel title={t('deliberation.body.recent')} extra={b.recent.length > 0 ? <ExportButton rows={b.recent} columns={meetingColumns} fileName={`${b.name}-${t('deliberation.body.recent')}`} testId="export-recent" /> : null}><MeetingList items={b.recent} /></Panel>
        </div>
      </div>
      <Modal open={isCalling} title={t('deliberation.body.call')} onOk={call} onCancel={() => setCalling(false)} okText={t('deliberation.body.callOk')} destroyOnHidden>
        <Form form={callForm} layout="vertical">
          <Form.Item name="title" label={t('deliberation.meeting.title')} rules={[{ required: true, min: 2 }]}><Input /></Form.Item>
          <Form.Item name="startsAt" label={t('deliberation.meeting.startsAt')} rules={[{ required: true }]}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="location" label={t('deliberation.meeting.location')}><Input /></Form.Item>
        </Form>
      </Modal>
      <Modal open={isAdding} title={t('deliberation.body.addMember')} onOk={addMember} onCancel={() => setAdding(false)} destroyOnHidden>
        <Form form={memberForm} layout="vertical" initialValues={{ position: 'member' }}>
          <Form.Item name="name" label={t('deliberation.body.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="position" label={t('deliberation.body.position')}><Select options={['chair', 'viceChair', 'secretary', 'member'].map((p) => ({ value: p, label: t(`deliberation.position.${p}`) }))} /></Form.Item>
          <Form.Item name="orgId" label={t('deliberation.body.org')}><Select allowClear options={b.seats.map((s) => ({ value: s.orgId, label: s.name }))} /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
