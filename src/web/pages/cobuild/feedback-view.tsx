import { useState } from 'react';
import { Button, Empty, Grid, Input, List, Modal, Select, Space, Statistic, Table, Tag, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { GradeTag, formatTime, recentYears } from './cobuild-bits.js';
import type { FeedbackLine, FeedbackList } from './types.js';

function Outputs({ outputs }: { outputs: FeedbackLine['outputs'] }) {
  const { t } = useTranslation();
  if (outputs.length === 0) return <span className="gg-muted">—</span>;
  return (
    <Space size={4} wrap>
      {outputs.map((o) => (
        <Tag key={`${o.metric}${o.unit}`} color="cyan" className="gg-tag">
          {t(`volunteers.metric.${o.metric}`, { defaultValue: o.metric })} {o.quantity} {t(`volunteers.outputUnit.${o.unit}`, { defaultValue: o.unit })}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * 双向服务反馈清单: what each in-service member of an organisation did in a year and how they were
 * rated — the employer's contact sees all its members, community staff those of their communities
 * and can send the list; the contact acknowledges what was sent.
 */
export function FeedbackView({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useApi<FeedbackList>(`/api/cobuild/organizations/${organizationId}/feedback`, { year });
  const [error, setError] = useState<unknown>();
  const [isSending, setSending] = useState(false);
  const communities = me.scopes.filter((s) => s.level === 'community');
  const [communityId, setCommunityId] = useState<string | undefined>(communities[0]?.id);
  const [name, setName] = useState('');

  const send = async () => {
    setError(undefined);
    try {
      await api(`/api/cobuild/organizations/${organizationId}/feedback/send`, { method: 'POST', body: { year, communityId } });
      message.success(t('cobuild.feedback.sent'));
      setSending(false);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const acknowledge = async (id: string) => {
    setError(undefined);
    try {
      await api(`/api/cobuild/feedback/${id}/acknowledge`, { method: 'POST' });
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  const data = list.data;
  const rows = (data?.items ?? []).filter((l) => !name || l.person.name.includes(name));
  const columns: TableColumnsType<FeedbackLine> = [
    { title: t('cobuild.feedback.member'), key: 'person', fixed: screens.md ? 'left' : undefined, width: 100, render: (_: unknown, l) => l.person.name },
    { title: t('cobuild.feedback.community'), key: 'community', width: 110, render: (_: unknown, l) => l.community.name },
    { title: t('cobuild.feedback.activities'), dataIndex: 'activities', width: 90, align: 'right' },
    { title: t('cobuild.feedback.hours'), dataIndex: 'hours', width: 100, align: 'right', render: (h: number) => <strong>{h}</strong> },
    { title: t('cobuild.feedback.points'), dataIndex: 'points', width: 80, align: 'right' },
    { title: t('cobuild.feedback.outputs'), key: 'outputs', render: (_: unknown, l) => <Outputs outputs={l.outputs} /> },
    { title: t('cobuild.feedback.communityGrade'), key: 'cg', width: 110, render: (_: unknown, l) => <GradeTag grade={l.grades.community} /> },
    { title: t('cobuild.feedback.employerGrade'), key: 'eg', width: 110, render: (_: unknown, l) => <GradeTag grade={l.grades.employer} /> },
  ];
  const gradeText = (g: FeedbackLine['grades']['community']) => (g ? t(`cobuild.grade.${g}`) : t('cobuild.registrations.notGraded'));
  return (
    <div className="gg-page" data-testid="feedback-view">
      <Space wrap className="gg-toolbar">
        <Select value={year} onChange={setYear} options={recentYears().map((y) => ({ value: y, label: t('cobuild.common.year', { year: y }) }))} aria-label={t('cobuild.common.yearLabel')} style={{ width: 120 }} />
        <Input.Search allowClear placeholder={t('cobuild.registrations.search')} aria-label={t('cobuild.registrations.search')} onSearch={(v) => setName(v.trim())} onChange={(e) => !e.target.value && setName('')} style={{ width: 200 }} data-testid="feedback-search" />
        <ExportButton
          rows={rows}
          columns={columns}
          texts={{
            outputs: (l) => (l.outputs.length ? l.outputs.map((o) => `${t(`volunteers.metric.${o.metric}`, { defaultValue: o.metric })} ${o.quantity} ${t(`volunteers.outputUnit.${o.unit}`, { defaultValue: o.unit })}`).join('、') : '—'),
            cg: (l) => gradeText(l.grades.community),
            eg: (l) => gradeText(l.grades.employer),
          }}
          fileName={`${t('cobuild.registrations.tabFeedback')}-${year}`}
        />
        {data?.canSend && (
          <Button icon={<SendOutlined />} onClick={() => setSending(true)} disabled={!data.items.length} data-testid="feedback-send">
            {t('cobuild.feedback.send')}
          </Button>
        )}
      </Space>
      <ProblemAlert error={list.error ?? error} />
      {data && (
        <div className="gg-stat-row">
          <Panel className="gg-stat-card"><Statistic title={t('cobuild.feedback.members')} value={data.totals.members} /></Panel>
          <Panel className="gg-stat-card"><Statistic title={t('cobuild.feedback.activities')} value={data.totals.activities} /></Panel>
          <Panel className="gg-stat-card"><Statistic title={t('cobuild.feedback.hours')} value={data.totals.hours} /></Panel>
        </div>
      )}
      <Panel bodyStyle={{ padding: 0 }}>
        <Table<FeedbackLine>
          rowKey="registrationId"
          size="middle"
          loading={list.isLoading}
          dataSource={rows}
          scroll={{ x: 920 }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="feedback-table"
          expandable={{
            expandedRowRender: (line) => (
              <div className="gg-feedback-detail">
                <div>
                  <h2 className="gg-section-title">{t('cobuild.feedback.recentActivities')}</h2>
                  {line.recentActivities.length ? (
                    <ul className="gg-plain-list">{line.recentActivities.map((a) => <li key={`${a.date}${a.title}`}>{a.date} {a.title} · {t('cobuild.feedback.hoursValue', { hours: a.hours })}</li>)}</ul>
                  ) : <span className="gg-muted">—</span>}
                </div>
                <div>
                  <h2 className="gg-section-title">{t('cobuild.feedback.services')}</h2>
                  {line.services.length ? (
                    <ul className="gg-plain-list">{line.services.map((s) => <li key={`${s.servedOn}${s.description}`}>{s.servedOn} {t(`cobuild.serviceKind.${s.kind}`)}：{s.description}</li>)}</ul>
                  ) : <span className="gg-muted">—</span>}
                </div>
                {line.grades.communityComment && <div className="gg-muted">{t('cobuild.feedback.communityComment')}：{line.grades.communityComment}</div>}
              </div>
            ),
          }}
          columns={columns}
        />
      </Panel>
      {data && (
        <Panel title={t('cobuild.feedback.history')}>
          {data.sent.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cobuild.feedback.noneSent')} />
          ) : (
            <List
              size="small"
              dataSource={data.sent}
              renderItem={(f) => (
                <List.Item
                  actions={[
                    f.acknowledgedAt ? (
                      <Tag color="green" className="gg-tag" key="ack">{t('cobuild.feedback.acknowledgedBy', { name: f.acknowledgedByName ?? '', at: formatTime(f.acknowledgedAt) })}</Tag>
                    ) : data.isContact ? (
                      <Button key="ack" size="small" type="primary" onClick={() => acknowledge(f.id)}>{t('cobuild.feedback.acknowledge')}</Button>
                    ) : (
                      <Tag className="gg-tag" key="ack">{t('cobuild.feedback.awaiting')}</Tag>
                    ),
                  ]}
                >
                  {t('cobuild.feedback.sentLine', { year: f.year, community: f.community.name, count: f.memberCount, at: formatTime(f.sentAt), name: f.sentByName ?? '' })}
                </List.Item>
              )}
            />
          )}
        </Panel>
      )}
      <Modal open={isSending} title={t('cobuild.feedback.send')} onCancel={() => setSending(false)} onOk={send} okText={t('cobuild.feedback.sendNow')} cancelText={t('cobuild.common.cancel')}>
        <p>{t('cobuild.feedback.sendHelp', { org: data?.organization.partyOrgName ?? data?.organization.name ?? '', year })}</p>
        <Select value={communityId} onChange={setCommunityId} options={communities.map((c) => ({ value: c.id, label: c.name }))} style={{ width: '100%' }} aria-label={t('cobuild.feedback.community')} />
      </Modal>
    </div>
  );
}
