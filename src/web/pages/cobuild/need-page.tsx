import { useMemo, useState } from 'react';
import { Button, Descriptions, Empty, List, Popconfirm, Space, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, type Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { isNotFound, ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import NotFound from '../not-found.js';
import { CobuildNav, KindTag, LinkedProjects, MatchesPanel, Quantity, StateTag, formatDate, quantityText } from './cobuild-bits.js';
import { MatchDialog, ReasonTags, ScoreRing } from './match-dialog.js';
import type { Match, Need, Organization, Resource } from './types.js';
import './cobuild.css';

type Candidate = Match & { resource: Resource & { remaining: number } };

/** 需求详情 (/cobuild/needs/:id): the need, the projects meeting it, and the resources that could, ranked. */
export default function NeedPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  const navigate = useNavigate();
  const need = useApi<Need & { projects: { id: string; title: string; state: string }[] }>(`/api/cobuild/needs/${id}`);
  const isOpen = need.data?.state === 'open' || need.data?.state === 'matched';
  const matches = useApi<{ items: Candidate[] }>(isOpen ? `/api/cobuild/needs/${id}/matches` : null);
  const orgs = useApi<Page<Organization>>(me?.role === 'orgContact' ? '/api/cobuild/organizations' : null, { limit: 200 });
  const mine = useMemo(() => new Set((orgs.data?.items ?? []).filter((o) => o.isMine).map((o) => o.id)), [orgs.data]);
  const [chosen, setChosen] = useState<Candidate['resource'] | null>(null);
  const [error, setError] = useState<unknown>();

  if (isNotFound(need.error)) return <NotFound />;
  const n = need.data;
  if (!n) return need.error ? <ProblemAlert error={need.error} /> : <Spin className="gg-page-spin" />;
  const mayMatch = (r: Resource) => can('project.write') || (can('project.propose') && mine.has(r.organization.id));
  const matchColumns: ExportableColumn<Candidate>[] = [
    { key: 'score', title: t('cobuild.match.scoreColumn'), render: (_: never, m) => m.score },
    { key: 'resource', title: t('cobuild.lists.title'), render: (_: never, m) => m.resource.title },
    { key: 'organization', title: t('cobuild.lists.organization'), render: (_: never, m) => m.resource.organization.name },
    { key: 'kind', title: t('cobuild.lists.kind'), render: (_: never, m) => t(`cobuild.kind.${m.resource.kind}`) },
    { key: 'remaining', title: t('cobuild.match.remaining'), render: (_: never, m) => quantityText(t, i18n.language, m.resource.remaining, m.resource.unit) },
    { key: 'availability', title: t('cobuild.lists.availability'), render: (_: never, m) => m.resource.availability ?? '—' },
    { key: 'reasons', title: t('cobuild.match.reasons'), render: (_: never, m) => m.reasons.map((r) => t(`cobuild.match.reason.${r}`)).join('、') },
  ];

  return (
    <div className="gg-page" data-testid="need-page">
      <div className="gg-page-head">
        <div>
          <Link to="/cobuild/lists?tab=needs" className="gg-back"><ArrowLeftOutlined /> {t('cobuild.lists.tab.needs')}</Link>
          <h1 className="gg-page-title">{n.title} <KindTag kind={n.kind} /> <StateTag state={n.state} /></h1>
          <span className="gg-muted">{n.grid.name} · {t('cobuild.lists.postedBy', { name: n.postedByName ?? '—', date: formatDate(n.createdAt) })}</span>
        </div>
        <Space wrap>
          <CobuildNav />
          {can('need.write') && isOpen && n.projectCount === 0 && (
            <Popconfirm title={t('cobuild.lists.cancelNeedConfirm')} okText={t('cobuild.common.confirm')} cancelText={t('cobuild.common.cancel')} onConfirm={async () => {
              try {
                await api(`/api/cobuild/needs/${n.id}/cancel`, { method: 'POST' });
                need.reload();
              } catch (e) {
                setError(e);
              }
            }}>
              <Button>{t('cobuild.lists.cancelNeed')}</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <ProblemAlert error={error} />
      <Panel>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('cobuild.lists.quantity')}><Quantity value={n.quantity} unit={n.unit} /></Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.deadline')}>{formatDate(n.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.location')}>{n.location ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('cobuild.lists.lastReviewed')}>{n.lastReviewedOn ?? t('cobuild.lists.notReviewed')}</Descriptions.Item>
          {n.description && <Descriptions.Item label={t('cobuild.lists.description')} span={3}>{n.description}</Descriptions.Item>}
        </Descriptions>
      </Panel>
      {n.projects.length > 0 && <LinkedProjects projects={n.projects} fileName={`${n.title}-${t('cobuild.lists.tab.projects')}`} />}
      {isOpen && (
        <MatchesPanel title={t('cobuild.match.title')} rows={matches.data?.items ?? []} columns={matchColumns} fileName={`${n.title}-${t('cobuild.match.title')}`} testId="need-matches">
          <ProblemAlert error={matches.error} />
          {matches.isLoading && !matches.data ? <Spin /> : null}
          {matches.data && matches.data.items.length === 0 ? <Empty description={t('cobuild.match.none')} /> : null}
          <List
            dataSource={matches.data?.items ?? []}
            renderItem={(m) => (
              <List.Item
                actions={mayMatch(m.resource) ? [<Button key="match" type="primary" onClick={() => setChosen(m.resource)} data-testid="match-resource">{t('cobuild.match.action')}</Button>] : []}
              >
                <List.Item.Meta
                  avatar={<ScoreRing score={m.score} />}
                  title={<Link to={`/cobuild/resources/${m.resource.id}`}>{m.resource.title}</Link>}
                  description={
                    <Space orientation="vertical" size={4}>
                      <span>{m.resource.organization.name} · <KindTag kind={m.resource.kind} /> {t('cobuild.match.remaining')} <Quantity value={m.resource.remaining} unit={m.resource.unit} /></span>
                      {m.resource.availability && <span>{m.resource.availability}</span>}
                      <ReasonTags reasons={m.reasons} />
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </MatchesPanel>
      )}
      <MatchDialog open={chosen !== null} need={n} resource={chosen} onClose={() => setChosen(null)} onDone={(projectId) => navigate(`/cobuild/projects/${projectId}`)} />
    </div>
  );
}
