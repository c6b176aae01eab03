import { Empty, Input, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { PortalFrame } from './portal-bits.js';

interface Article { id: string; topic: string; title: string; body: string }

/** 政策问答 (/portal/handbook): the policy handbook (全岗通业务手册), searched by words and read in place. */
export default function PortalHandbookPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const articles = useApi<{ items: Article[]; total: number }>('/api/fieldwork/handbook', { q: query || undefined, limit: 30 });
  return (
    <PortalFrame testId="portal-handbook" title={t('portal.handbook.title')} intro={t('portal.handbook.intro')}>
      <form role="search" onSubmit={(e) => e.preventDefault()} style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('portal.handbook.search')}
          placeholder={t('portal.handbook.placeholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setQuery(v.trim())}
          enterButton={t('portal.handbook.search')}
          size="large"
          data-testid="handbook-search"
        />
      </form>
      <ProblemAlert error={articles.error} />
      {articles.isLoading && !articles.data ? <Spin /> : (articles.data?.items ?? []).length === 0 ? <Empty description={t('portal.handbook.empty')} /> : (
        articles.data!.items.map((a) => (
          <details key={a.id} className="gg-portal-card" data-testid="portal-article">
            <summary style={{ cursor: 'pointer', fontSize: 15, minHeight: 32 }}>{a.title}</summary>
            <p className="gg-portal-notice-body">{a.body}</p>
          </details>
        ))
      )}
    </PortalFrame>
  );
}
