import { LeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import './portal.css';

/** Beijing time, as residents read it: 3月2日 09:00. */
export function beijingTime(iso: string, withDate = true): string {
  const d = new Date(iso);
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', ...(withDate ? { month: 'numeric', day: 'numeric' } : {}), hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The frame of every portal page: a way back to the portal home, the title, and the content. */
export function PortalFrame({ title, intro, testId, children, isHome = false }: { title: string; intro?: ReactNode; testId: string; children: ReactNode; isHome?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="gg-page gg-portal" data-testid={testId}>
      {!isHome && (
        <Link to="/portal" className="gg-portal-back">
          <LeftOutlined aria-hidden /> {t('portal.backHome')}
        </Link>
      )}
      <h1 className="gg-page-title">{title}</h1>
      {intro ? <p className="gg-portal-intro">{intro}</p> : null}
      {children}
    </div>
  );
}
