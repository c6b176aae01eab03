import { Button, Empty, Input, List, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';

interface OfficeHour { id: string; gridName: string; startsAt: string; endsAt: string; place: string; hostName: string; topic: string | null }
interface Article { id: string; topic: string; title: string; body: string }
interface ServicePoint { id: string; name: string; address: string; openingHours: { weekday: number; open: string; close: string }[] }

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 居民之家 (/portal): the resident's one phone-first place — report, track, wish, services, office hours, the handbook. */
export default function PortalPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const hours = useApi<{ items: OfficeHour[] }>('/api/fieldwork/office-hours', { limit: 5 });
  const points = useApi<{ items: ServicePoint[] }>('/api/services/points');
  const handbook = useApi<{ items: Article[]; total: number }>('/api/fieldwork/handbook', { q: query || undefined, limit: 10 });

  return (
    <div className="gg-page gg-portal" data-testid="portal-page">
      <h1 className="gg-page-title">{t('portal.title')}</h1>
      <nav aria-label={t('portal.quick')}>
        <Space wrap size="middle">
          <Link to="/report"><Button type="primary" size="large">{t('portal.report')}</Button></Link>
          <Link to="/track"><Button size="large">{t('portal.track')}</Button></Link>
          <Link to="/wishes"><Button size="large">{t('portal.wish')}</Button></Link>
          <Link to="/services"><Button size="large">{t('portal.book')}</Button></Link>
        </Space>
      </nav>
      <Panel title={<h2 className="gg-h2">{t('portal.officeHours')}</h2>}>
        <ProblemAlert error={hours.error} />
        <List
          dataSource={hours.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('portal.noOfficeHours')} /> }}
          renderItem={(h) => <List.Item>{time(h.startsAt)}–{time(h.endsAt).split(' ').pop()} · {h.place} · {h.hostName}{h.topic ? ` · ${h.topic}` : ''}</List.Item>}
        />
      </Panel>
      <Panel title={<h2 className="gg-h2">{t('portal.points')}</h2>}>
        <List dataSource={points.data?.items ?? []} renderItem={(p) => <List.Item>{p.name} · {p.address}</List.Item>} />
      </Panel>
      <Panel title={<h2 className="gg-h2">{t('portal.handbook')}</h2>}>
        <Input.Search aria-label={t('portal.search')} placeholder={t('portal.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setQuery(v.trim())} enterButton={t('portal.search')} />
        <List
          dataSource={handbook.data?.items ?? []}
          renderItem={(a) => (
            <List.Item>
              <details>
                <summary>{a.title}</summary>
                <p>{a.body}</p>
              </details>
            </List.Item>
          )}
        />
      </Panel>
    </div>
  );
}
