import { useState } from 'react';
import { Button, Drawer, Empty, Form, Input, Segmented, Select, Space, Spin, Statistic, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { ThemeTag, VolunteersNav } from './volunteer-bits.js';
import { themes, type Team, type Theme } from './types.js';
import './volunteers.css';

interface Figures {
  volunteerPartyBranches: number;
  inServiceMembersServing: number;
  verifiedHours: number;
  activitiesHeld: number;
  snowAndRubbishClearedM3: number;
  alleysRepairedM: number;
  stairwellCultureBuildings: number;
  stairwellCultureUnits: number;
}

/** 服务队伍 (/volunteers/teams): themed service party branches (特色型党支部) and volunteer teams, with what they achieved. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'partyBranch' | 'team' | 'all'>('all');
  const [theme, setTheme] = useState<Theme | undefined>();
  const [isCreating, setCreating] = useState(false);
  const filters = { kind: kind === 'all' ? undefined : kind, theme };
  const list = useApi<Page<Team>>('/api/volunteers/teams', { ...filters, limit: 200 });
  const figures = useApi<Figures>(can('volunteer.stats') ? '/api/volunteers/figures' : null);

  const exportColumns: ExportableColumn<Team>[] = [
    { key: 'name', title: t('volunteers.teams.name'), render: (_, tm) => tm.name },
    { key: 'kind', title: t('volunteers.teams.kind'), render: (_, tm) => t(`volunteers.teamKind.${tm.kind}`) },
    { key: 'theme', title: t('volunteers.activities.theme'), render: (_, tm) => t(`volunteers.theme.${tm.theme}`) },
    { key: 'community', title: t('volunteers.teams.community'), render: (_, tm) => tm.community.name },
    { key: 'members', title: t('volunteers.teams.memberCount'), render: (_, tm) => tm.memberCount },
    { key: 'inService', title: t('volunteers.teams.inServiceCount'), render: (_, tm) => (tm.kind === 'partyBranch' ? tm.inServiceCount : '') },
    { key: 'upcoming', title: t('volunteers.teams.upcomingCount'), render: (_, tm) => tm.upcomingActivities },
    { key: 'leader', title: t('volunteers.teams.leaderLabel'), render: (_, tm) => tm.leaderName ?? '' },
  ];

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('volunteers.teams.title')}</h1>
          <span className="gg-muted">{t('volunteers.teams.subtitle')}</span>
        </div>
        <Space wrap>
          <VolunteersNav />
          {can('team.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('volunteers.teams.create')}</Button>}
        </Space>
      </div>
      {figures.data && (
        <div className="gg-stat-row" data-testid="volunteer-figures">
          {(['volunteerPartyBranches', 'inServiceMembersServing', 'verifiedHours', 'activitiesHeld', 'snowAndRubbishClearedM3', 'alleysRepairedM'] as const).map((k) => (
            <Panel key={k} className="gg-stat-card"><Statistic title={t(`volunteers.figures.${k}`)} value={figures.data![k]} /></Panel>
          ))}
          <Panel className="gg-stat-card"><Statistic title={t('volunteers.figures.stairwellCulture')} value={t('volunteers.figures.stairwellCultureValue', { buildings: figures.data.stairwellCultureBuildings, units: figures.data.stairwellCultureUnits })} /></Panel>
        </div>
      )}
      <Panel>
        <Space wrap size={[12, 12]} className="gg-filters">
          <Segmented value={kind} onChange={(v) => setKind(v as typeof kind)} options={[{ value: 'all', label: t('volunteers.teams.all') }, { value: 'partyBranch', label: t('volunteers.teamKind.partyBranch') }, { value: 'team', label: t('volunteers.teamKind.team') }]} />
          <Select allowClear placeholder={t('volunteers.activities.theme')} aria-label={t('volunteers.activities.theme')} value={theme} onChange={setTheme} options={themes.map((th) => ({ value: th, label: t(`volunteers.theme.${th}`) }))} style={{ width: 150 }} />
          <span className="gg-muted">{list.data ? t('volunteers.common.total', { count: list.data.total }) : null}</span>
          <ExportButton path="/api/volunteers/teams" query={filters} columns={exportColumns} fileName={t('volunteers.teams.title')} />
        </Space>
      </Panel>
      <ProblemAlert error={list.error} />
      <div className="gg-team-grid" data-testid="team-cards">
        {list.isLoading && !list.data ? <Spin /> : null}
        {list.data?.items.length === 0 ? <Empty /> : null}
        {list.data?.items.map((tm) => (
          <Link key={tm.id} to={`/volunteers/teams/${tm.id}`} className="gg-item-card gg-team-card">
            <div className="gg-item-card-head">
              <ThemeTag theme={tm.theme} />
              <Tag className="gg-tag" color={tm.kind === 'partyBranch' ? 'red' : 'default'}>{t(`volunteers.teamKind.${tm.kind}`)}</Tag>
              {tm.isMember && <Tag className="gg-tag" color="green">{t('volunteers.teams.joined')}</Tag>}
            </div>
            <strong className="gg-team-name">{tm.name}</strong>
            <div className="gg-item-card-meta">
              <span>{tm.community.name}</span>
              <span>{t('volunteers.teams.members', { count: tm.memberCount })}</span>
              {tm.kind === 'partyBranch' && <span>{t('volunteers.teams.inService', { count: tm.inServiceCount })}</span>}
              {tm.upcomingActivities > 0 && <span className="gg-accent">{t('volunteers.teams.upcoming', { count: tm.upcomingActivities })}</span>}
            </div>
            {tm.leaderName && <div className="gg-muted">{t('volunteers.teams.leader', { name: tm.leaderName })}</div>}
          </Link>
        ))}
      </div>
      <CreateTeam open={isCreating} communities={(me?.scopes ?? []).filter((s) => s.level === 'community')} onClose={() => setCreating(false)} onDone={(id) => navigate(`/volunteers/teams/${id}`)} />
    </div>
  );
}

function CreateTeam({ open, communities, onClose, onDone }: { open: boolean; communities: { id: string; name: string }[]; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const submit = async (v: Record<string, unknown>) => {
    setError(undefined);
    try {
      const { id } = await api<{ id: string }>('/api/volunteers/teams', { method: 'POST', body: v });
      onDone(id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} title={t('volunteers.teams.create')} size={440} destroyOnHidden>
      <Form layout="vertical" onFinish={submit} initialValues={{ kind: 'partyBranch', theme: 'elderCare', communityId: communities[0]?.id }}>
        <Form.Item name="name" label={t('volunteers.teams.name')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>
        <Form.Item name="kind" label={t('volunteers.teams.kind')}><Select options={['partyBranch', 'team'].map((k) => ({ value: k, label: t(`volunteers.teamKind.${k}`) }))} /></Form.Item>
        <Form.Item name="theme" label={t('volunteers.activities.theme')}><Select options={themes.map((th) => ({ value: th, label: t(`volunteers.theme.${th}`) }))} /></Form.Item>
        <Form.Item name="communityId" label={t('volunteers.teams.community')} rules={[{ required: true }]}><Select options={communities.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <Form.Item name="description" label={t('volunteers.activities.description')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
        <ProblemAlert error={error} />
        <Button type="primary" htmlType="submit" block style={{ marginTop: 12 }}>{t('volunteers.common.save')}</Button>
      </Form>
    </Drawer>
  );
}
