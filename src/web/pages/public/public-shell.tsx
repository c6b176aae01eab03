import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../auth.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { ProductMark } from '../../shell/product-mark.js';
import '../cases/cases.css';

/** The frame of the resident pages (no account needed): a red title bar, one narrow column, phone first. */
export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <div className="gg-public">
      <header className="gg-public-head">
        <Link to={me ? '/' : '/report'} aria-label={t('app.name')} style={{ display: 'inline-flex' }}>
          <ProductMark size={28} />
        </Link>
        <h1 className="gg-public-title" style={{ margin: 0, color: '#fff' }}>
          {title}
        </h1>
        <LanguageSwitch />
      </header>
      <main className="gg-public-main">{children}</main>
      <footer className="gg-public-foot">
        <nav style={{ display: 'flex', justifyContent: 'center', gap: 16, marginBottom: 6 }}>
          <Link to="/report">{t('cases.public.report')}</Link>
          <Link to="/track">{t('cases.public.track')}</Link>
          {me ? <Link to="/">{t('cases.public.workbench')}</Link> : <Link to="/login">{t('cases.public.staffLogin')}</Link>}
        </nav>
        {t('cases.public.footer')}
      </footer>
    </div>
  );
}
