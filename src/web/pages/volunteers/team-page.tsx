import { useState } from 'react';
import { Button, Descriptions, Empty, Grid, List, Space, Spin, Table, Tag, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import NotFound from '../not-found.js';
import { MyStatus, ThemeTag, VolunteersNav, When } from './volunteer-bits.js';
import type { TeamDetail } from './types.js';
import './volunteers.css';

/** 队伍 (/volunteers/teams/:id): a themed branch or team, its members and its activities; join or leave it. */
export default function TeamPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const team = useApi<TeamDetail>(`/api/volunteers/teams/${id}`);
  const [error, setError] = useState<unknown>();

  if (isNotFound(team.error)) return <NotFound />;
  const tm = team.data;
  if (!tm) return team.error ? <ProblemAlert error={team.error} /> : <Spin className="gg-page-spin" />;
  const post = async (path: string) => {
    setError(undefined);
    try {
      await api(path, { method: 'POST', body: {} });
      team.reload();
    } catch (e) {
      setError(e);
    }
  };

  const memberColumns: TableColumnsType<TeamDetail['members'][number]> = [
    { title: t('volunteers.organizer.person'), dataIndex: 'name', width: 100, fixed: screens.md ? 'left' : undefined },
    { title: t('volunteers.teams.role'), dataIndex: 'role', width: 80, render: (r: string) => t(`volunteers.teams.roles.${r}`) },
    { title: t('volunteers.teams.employer'), dataIndex: 'employerName', ellipsis: true, render: (v: string | null, m: TeamDetail['members'][number]) => (m.partyKind === 'inService' ? v ?? '—' : t(`volunteers.teams.partyKind.${m.partyKind ?? 'none'}`)) },
    { title: t('volunteers.organizer.phone'), dataIndex: 'phone', width: 130, render: (v: string | null) => <span className="gg-mono">{v ?? '—'}</span> },
    { title: t('volunteers.teams.joinedOn'), dataIndex: 'joinedOn', width: 110 },
  ];

  return (
    <div className="gg-page" data-testid="team-page">
      <div className="gg-page-head">
        <div>
          <Link to="/volunteers/teams" className="gg-back"><ArrowLeftOutlined /> {t('volunteers.teams.title')}</Link>
          <h1 className="gg-page-title">{tm.name}</h1>
          <Space size={4}><ThemeTag theme={tm.theme} /><Tag className="gg-tag" color={tm.kind === 'partyBranch' ? 'red' : 'default'}>{t(`volunteers.teamKind.${tm.kind}`)}</Tag></Space>
        </div>
        <Space wrap>
          <VolunteersNav />
          {can('team.join') && !tm.isMember && <Button type="primary" onClick={() => post(`/api/volunteers/teams/${tm.id}/join`)}>{t('volunteers.teams.join')}</Button>}
          {can('team.join') && tm.isMember && <Button onClick={() => post(`/api/volunteers/teams/${tm.id}/leave`)}>{t('volunteers.teams.leave')}</Button>}
        </Space>
      </div>
      <ProblemAlert error={error} />
      <Panel>
        <Descriptions column={{ xs: 1, sm: 3 }} size="small">
          <Descriptions.Item label={t('volunteers.teams.community')}>{tm.community.name}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.teams.leaderLabel')}>{tm.leaderName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.teams.foundedOn')}>{tm.foundedOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('volunteers.teams.memberLabel')}>{t('volunteers.teams.members', { count: tm.memberCount })}{tm.kind === 'partyBranch' ? `（${t('volunteers.teams.inService', { count: tm.inServiceCount })}）` : ''}</Descriptions.Item>
          {tm.description && <Descriptions.Item label={t('volunteers.activities.description')} span={3}>{tm.description}</Descriptions.Item>}
        </Descriptions>
      </Panel>
      <Panel title={t('volunteers.teams.activities')}>
        {tm.activities.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
          <List
            size="small"
            dataSource={tm.activities}
            renderItem={(a) => (
              <List.Item extra={<MyStatus signup={a.mySignup} />}>
                <List.Item.Meta title={<Link to={`/volunteers/activities/${a.id}`}>{a.title}</Link>} description={<span><When startsAt={a.startsAt} endsAt={a.endsAt} /> · {a.place} · {t(`volunteers.activityState.${a.state}`)}</span>} />
              </List.Item>
            )}
          />
        )}
      </Panel>
      {tm.canManage && (
        <Panel title={t('volunteers.teams.memberList')} bodyStyle={{ padding: 0 }} extra={<ExportButton rows={tm.members} columns={memberColumns} fileName={`${tm.name}-${t('volunteers.teams.memberList')}`} />}>
          <Table
            rowKey="personId" size="small" dataSource={tm.members} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 640 }}
            columns={memberColumns}
          />
        </Panel>
      )}
    </div>
  );
}
