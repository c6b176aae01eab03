import { Badge, Button, Empty, Grid, Segmented, Space, Spin, Table, Tag } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { DueText, StateTag, dueText } from './case-bits.js';
import { formatTime, type Inbox, type InboxCase, type InboxReferral } from './types.js';

/** 我的待办 (/cases/inbox): the cases at my tier by deadline (overdue first, in red) and referrals to my departments. */
export default function InboxPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const inbox = useApi<Inbox>('/api/cases/inbox', { limit: 200 });
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [tab, setTab] = useState<'cases' | 'referrals'>('cases');
  const cases = inbox.data?.cases ?? [];
  const referrals = inbox.data?.referrals ?? [];
  const overdue = cases.filter((c) => c.isOverdue).length;
  const openReferrals = referrals.filter((r) => r.referralState !== 'responded');

  // Department officers mostly have referrals: show those first.
  useEffect(() => {
    if (inbox.data && inbox.data.cases.length === 0 && inbox.data.referrals.length > 0) setTab('referrals');
  }, [inbox.data]);
  const { reload } = inbox;
  useEffect(() => {
    const timer = setInterval(reload, 30_000);
    return () => clearInterval(timer);
  }, [reload]);

  const caseColumns = [
    { title: t('cases.field.number'), dataIndex: 'number', width: 130, render: (n: string, c: InboxCase) => <Link to={`/cases/${c.id}`}>{n}</Link> },
    {
      title: t('cases.field.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, c: InboxCase) => (
        <Space size={4}>
          {c.priority === 'urgent' && <Tag color="red">{t('cases.priority.urgent')}</Tag>}
          {c.hasPendingRequest && <Tag color="purple">{t('cases.inbox.pending')}</Tag>}
          <span>{title}</span>
        </Space>
      ),
    },
    { title: t('cases.field.type'), dataIndex: 'type', width: 90, render: (v: string) => t(`cases.type.${v}`) },
    { title: t('cases.field.state'), dataIndex: 'state', width: 100, render: (s: string) => <StateTag state={s} /> },
    { title: t('cases.field.stage'), dataIndex: 'stage', width: 90, render: (s: string | null) => (s ? t(`cases.stage.${s}`) : '—') },
    { title: t('cases.field.address'), dataIndex: 'address', ellipsis: true, width: 200, render: (a: string | null) => a ?? '—' },
    { title: t('cases.field.dueAt'), dataIndex: 'dueAt', width: 170, render: (d: string | null, c: InboxCase) => <DueText dueAt={d} isOverdue={c.isOverdue} /> },
  ];
  const referralColumns = [
    { title: t('cases.field.number'), dataIndex: 'number', width: 130, render: (n: string, r: InboxReferral) => <Link to={`/cases/${r.caseId}`}>{n}</Link> },
    { title: t('cases.field.title'), dataIndex: 'title', ellipsis: true },
    { title: t('cases.referral.department'), dataIndex: 'departmentName', width: 150 },
    { title: t('cases.referral.state'), dataIndex: 'referralState', width: 100, render: (s: string) => <Tag color={s === 'responded' ? 'green' : s === 'acknowledged' ? 'blue' : 'orange'}>{t(`cases.referralState.${s}`)}</Tag> },
    { title: t('cases.field.dueAt'), dataIndex: 'dueAt', width: 170, render: (d: string, r: InboxReferral) => (r.referralState === 'responded' ? '—' : <DueText dueAt={d} isOverdue={r.isOverdue} />) },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.inbox.title')}</h1>
          <span className="gg-muted">{inbox.data?.tier ? t('cases.inbox.subtitleTier', { tier: t(`cases.tier.${inbox.data.tier}`) }) : t('cases.inbox.subtitle')}</span>
        </div>
        <Space wrap>
          {tab === 'cases' ? (
            <ExportButton rows={cases} columns={caseColumns} texts={{ state: (c) => t(`cases.state.${c.state}`), dueAt: (c) => dueText(t, c.dueAt, c.isOverdue) }} fileName={t('cases.inbox.tabCases')} />
          ) : (
            <ExportButton rows={referrals} columns={referralColumns} texts={{ dueAt: (r) => (r.referralState === 'responded' ? '—' : dueText(t, r.dueAt, r.isOverdue)) }} fileName={t('cases.inbox.tabReferrals')} />
          )}
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('cases.common.refresh')}
          </Button>
          {can('case.staffIntake') && (
            <Link to="/cases/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('cases.new.title')}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <div className="gg-kpis" data-testid="inbox-counts">
        <div className="gg-kpi">
          <div className="gg-kpi-label">{t('cases.inbox.todo')}</div>
          <div className="gg-kpi-value">{cases.length}</div>
        </div>
        <div className={`gg-kpi ${overdue ? 'is-alert' : ''}`}>
          <div className="gg-kpi-label">{t('cases.inbox.overdue')}</div>
          <div className="gg-kpi-value" data-testid="inbox-overdue">{overdue}</div>
        </div>
        <div className="gg-kpi">
          <div className="gg-kpi-label">{t('cases.inbox.referrals')}</div>
          <div className="gg-kpi-value">{openReferrals.length}</div>
        </div>
      </div>
      <ProblemAlert error={inbox.error} />
      <Panel
        title={
          <Segmented
            value={tab}
            onChange={(v) => setTab(v as 'cases' | 'referrals')}
            options={[
              { value: 'cases', label: <Badge count={cases.length} size="small" offset={[10, -2]} color={overdue ? '#cf1322' : '#8c8c8c'} overflowCount={999}>{t('cases.inbox.tabCases')}</Badge> },
              { value: 'referrals', label: <Badge count={openReferrals.length} size="small" offset={[10, -2]} overflowCount={999}>{t('cases.inbox.tabReferrals')}</Badge> },
            ]}
            data-testid="inbox-tabs"
          />
        }
        extra={<Link to="/cases">{t('cases.inbox.allCases')}</Link>}
        data-testid="inbox"
      >
        {inbox.isLoading && !inbox.data ? (
          <Spin />
        ) : tab === 'cases' ? (
          isPhone ? (
            <div className="gg-inbox-list">
              {cases.length === 0 && <Empty description={t('cases.inbox.empty')} />}
              {cases.map((c) => (
                <Link key={c.id} to={`/cases/${c.id}`} className={`gg-inbox-card ${c.isOverdue ? 'is-overdue' : ''}`} data-testid="inbox-row">
                  <div className="gg-inbox-card-head">
                    <strong>{c.number}</strong>
                    <StateTag state={c.state} />
                    {c.priority === 'urgent' && <Tag color="red">{t('cases.priority.urgent')}</Tag>}
                  </div>
                  <div>{c.title}</div>
                  <div className="gg-muted" style={{ fontSize: 12 }}>
                    {c.address ? `${c.address} · ` : ''}<DueText dueAt={c.dueAt} isOverdue={c.isOverdue} />
                  </div>
                </Link>
              ))}
            </div>
          ) : (
            <Table<InboxCase>
              rowKey="id"
              size="middle"
              dataSource={cases}
              columns={caseColumns}
              pagination={cases.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              rowClassName={(c) => (c.isOverdue ? 'gg-row-overdue' : '')}
              onRow={(c) => ({ onDoubleClick: () => navigate(`/cases/${c.id}`), 'data-testid': 'inbox-row' }) as never}
              locale={{ emptyText: <Empty description={t('cases.inbox.empty')} /> }}
              scroll={{ x: 900 }}
            />
          )
        ) : (
          <Table<InboxReferral>
            rowKey="referralId"
            size="middle"
            dataSource={referrals}
            columns={referralColumns}
            pagination={referrals.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            rowClassName={(r) => (r.isOverdue && r.referralState !== 'responded' ? 'gg-row-overdue' : '')}
            onRow={() => ({ 'data-testid': 'referral-row' }) as never}
            locale={{ emptyText: <Empty description={t('cases.inbox.noReferrals')} /> }}
            scroll={{ x: 700 }}
          />
        )}
      </Panel>
      <span className="gg-muted" style={{ fontSize: 12 }}>
        {t('cases.inbox.updated', { at: formatTime(new Date().toISOString()) })}
      </span>
    </div>
  );
}
