import {
  BookOutlined, CalendarOutlined, FileSearchOutlined, FlagOutlined, HeartOutlined, NotificationOutlined, ShopOutlined, SoundOutlined,
} from '@ant-design/icons';
import { Empty, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { beijingTime, PortalFrame } from './portal-bits.js';
import type { BoardNotice } from './types.js';

interface Tile { to: string; icon: ReactNode; key: string; permission: string }

const tiles: Tile[] = [
  { to: '/cases/report', icon: <NotificationOutlined />, key: 'report', permission: 'case.create' },
  { to: '/portal/reports', icon: <FileSearchOutlined />, key: 'reports', permission: 'case.create' },
  { to: '/portal/wishes', icon: <HeartOutlined />, key: 'wishes', permission: 'wish.read' },
  { to: '/portal/services', icon: <ShopOutlined />, key: 'services', permission: 'service.read' },
  { to: '/portal/activities', icon: <FlagOutlined />, key: 'activities', permission: 'volunteer.read' },
  { to: '/portal/notices', icon: <SoundOutlined />, key: 'notices', permission: 'notice.read' },
  { to: '/portal/office-hours', icon: <CalendarOutlined />, key: 'officeHours', permission: 'officeHours.read' },
  { to: '/portal/handbook', icon: <BookOutlined />, key: 'handbook', permission: 'handbook.read' },
];

/** 居民之家 (/portal): the resident's one phone-first place, as tiles, with the newest notices under them. */
export default function PortalPage() {
  const { t } = useTranslation();
  const me = useMe();
  const notices = useApi<{ items: BoardNotice[] }>(me.permissions.includes('notice.read') ? '/api/notices' : null, { limit: 3 });
  const place = me.scopes.map((s) => s.name).join('、');

  return (
    <PortalFrame isHome testId="portal-page" title={t('portal.title')} intro={t('portal.greeting', { name: me.displayName, place })}>
      <nav aria-label={t('portal.quick')}>
        <ul className="gg-portal-tiles">
          {tiles
            .filter((tile) => me.permissions.includes(tile.permission))
            .map((tile) => (
              <li key={tile.key}>
                <Link to={tile.to} className="gg-portal-tile" data-testid={`portal-tile-${tile.key}`}>
                  <span aria-hidden>{tile.icon}</span>
                  <span>{t(`portal.tile.${tile.key}`)}</span>
                  <small>{t(`portal.tileHint.${tile.key}`)}</small>
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      {me.permissions.includes('notice.read') && (
        <Panel title={<h2 className="gg-h2">{t('portal.notices.latest')}</h2>} extra={<Link to="/portal/notices">{t('portal.more')}</Link>}>
          <ProblemAlert error={notices.error} />
          {(notices.data?.items ?? []).length === 0 ? (
            <Empty description={t('portal.notices.empty')} />
          ) : (
            <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {notices.data!.items.map((n) => (
                <li key={n.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Link to={`/portal/notices#${n.id}`}>
                    {n.pinned && <Tag color="red">{t('portal.notices.pinned')}</Tag>}
                    {n.title}
                  </Link>
                  <div className="gg-portal-meta">{n.gridName} · {beijingTime(n.publishedAt)}</div>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      )}
    </PortalFrame>
  );
}
