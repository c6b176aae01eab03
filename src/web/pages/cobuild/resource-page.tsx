import { useState } from 'react';
import { Button, Descriptions, Empty, List, Popconfirm, Space, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import NotFound from '../not-found.js';
import { CobuildNav, KindTag, LinkedProjects, MatchesPanel, Quantity, StateTag, formatDate, quantityText } from './cobuild-bits.js';
import { MatchDialog, ReasonTags, ScoreRing } from './match-dialog.js';
import type { Match, Need, Resource } from './types.js';
import './cobuild.css';

interface ResourceDetail extends Resource {
  projects: { id: string; title: string; state: string }[];
  committed: number;
  remaining: number;
  canManage: boolean;
}

/** 资源详情 (/cobuild/resources/:id): the offer, what is promised of it, and the open needs it could meet. */
export default function ResourcePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const resource = useApi<ResourceDetail>(`/api/cobuild/resources/${id}`);
  const isOffered = resource.data?.state === 'available';
  const matches = useApi<{ items: (Match & { need: Need })[] }>(isOffered ? `/api/cobuild/resources/${id}/matches` : null);
  const [chosen, setChosen] = useState<Need | null>(null);
  const [error, setError] = useState<unknown>();

  if (isNotFound(resource.error)) return <NotFound />;
  const r = resource.data;
  if (!r) return resource.error ? <ProblemAlert error={resource.error} /> : <Spin className="gg-page-spin" />;
  const mayMatch = can('project.write') || (can('project.propose') && r.canManage);
  const matchColumns: ExportableColumn<Match & { need: Need }>[] = [
    { key: 'score', title: t('cobuild.match.scoreColumn'), render: (_: never, m) => m.score },
    { key: 'need', title: t('cobuild.lists.title'), render: (_: never, m) => m.need.title },
    { key: 'place', title: t('cobuild.lists.place'), render: (_: never, m) => m.need.grid.name },
    { key: 'quantity', title: t('cobuild.lists.quantity'), render: (_: never, m) => quantityText(t, i18n.language, m.need.quantity, m.need.unit) },
    { key: 'deadline', title: t('cobuild.lists.deadline'), render: (_: never, m) => formatDate(m.need.deadline) },
    { key: 'reasons', title: t('cobuild.match.reasons'), render: (_: never, m) => m.reasons.map((x) => t(`cobuild.match.reason.${x}`)).join('、') },
  ];

  return (
    <div className="gg-page" data-testid="resource-page">
      <div className="gg-page-head">
        <div>
          <Link to="/cobuild/lists?tab=resources" className="gg-back"><ArrowLeftOutlined /> {t('cobuild.lists.tab.resources')}</Link>
          <h1 className="gg-page-title">{r.title} <KindTag kind={r.kind} /> <StateTag state={r.state} /></h1>
          <Link to={`/cobuild/organizations/${r.organization.id}`}>{r.organization.name}</Link>
        </div>
        <Space wrap>
          <CobuildNav />
          {r.canManage && r.state !== 'withdrawn' && (
            <Popconfirm title={t('cobuild.lists.withdrawResourceConfirm')} okText={t('cobuild.common.confirm')} cancelText={t('cobuild.common.cancel')} onConfirm={async () => {
              try {
                await api(`/api/cobuild/resources/${r.id}/withdraw`, { method: 'POST' });
                resource.reload();
              } catch (e) {
                setError(e);
              }
            }}>
              <Button>{t('cobuild.lists.withdrawResource')}</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <ProblemAlert error={error} />
      <Panel>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('cobuild.lists.quantity')}><Quantity value={r.quantity} unit={r.unit} /></Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.committed')}><Quantity value={r.committed} unit={r.unit} /></Descriptions.Item>
          <Descriptions.Item label={t('cobuild.match.remaining')}><Quantity value={r.remaining} unit={r.unit} /></Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.availability')}>{r.availability ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.period')}>{formatDate(r.availableFrom)} ~ {r.availableUntil ? formatDate(r.availableUntil) : t('cobuild.lists.noEnd')}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.location')}>{r.location ?? '—'}</Descriptions.Item>
          {r.description && <Descriptions.Item label={t('cobuild.lists.description')} span={3}>{r.description}</Descriptions.Item>}
        </Descriptions>
      </Panel>
      {r.projects.length > 0 && <LinkedProjects projects={r.projects} fileName={`${r.title}-${t('cobuild.lists.tab.projects')}`} />}
      {isOffered && (
        <MatchesPanel title={t('cobuild.match.needsTitle')} rows={matches.data?.items ?? []} columns={matchColumns} fileName={`${r.title}-${t('cobuild.match.needsTitle')}`} testId="resource-matches">
          <ProblemAlert error={matches.error} />
          {matches.data && matches.data.items.length === 0 ? <Empty description={t('cobuild.match.noneNeeds')} /> : null}
          <List
            loading={matches.isLoading && !matches.data}
            dataSource={matches.data?.items ?? []}
            renderItem={(m) => (
              <List.Item actions={mayMatch && r.remaining > 0 ? [<Button key="m" type="primary" onClick={() => setChosen(m.need)}>{t('cobuild.match.action')}</Button>] : []}>
                <List.Item.Meta
                  avatar={<ScoreRing score={m.score} />}
                  title={<Link to={`/cobuild/needs/${m.need.id}`}>{m.need.title}</Link>}
                  description={
                    <Space orientation="vertical" size={4}>
                      <span>{m.need.grid.name} · <Quantity value={m.need.quantity} unit={m.need.unit} /> · {t('cobuild.lists.deadlineShort', { date: formatDate(m.need.deadline) })}</span>
                      <ReasonTags reasons={m.reasons} />
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </MatchesPanel>
      )}
      {chosen && (
        <MatchDialog open need={chosen} resource={{ id: r.id, title: r.title, organization: r.organization, remaining: r.remaining, unit: r.unit }} onClose={() => setChosen(null)} onDone={(projectId) => navigate(`/cobuild/projects/${projectId}`)} />
      )}
    </div>
  );
}
