import { lazy, Suspense, useEffect } from 'react';
import { ConfigProvider, Spin } from 'antd';
import type { Locale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import enUSModule from 'antd/es/locale/en_US.js';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.js';
import { landingPath } from './landing.js';
import { visibleMenu } from './menu.js';

// The sign-in page and the shell load on demand, so neither carries the other's code.
const LoginPage = lazy(() => import('./pages/login/login-page.js'));
const AppShell = lazy(() => import('./shell/app-shell.js'));
const NotFound = lazy(() => import('./pages/not-found.js'));
// Resident pages need no account: report a problem and track it by number and phone.
const ReportPage = lazy(() => import('./pages/public/report-page.js'));
const TrackPage = lazy(() => import('./pages/public/track-page.js'));
const PortalSignInPage = lazy(() => import('./pages/portal/sign-in-page.js'));

/** antd's locale files are ESM with a default export; the NodeNext typings see them as CommonJS. */
function defaultOf<T>(module: unknown): T {
  return ((module as { default?: T }).default ?? module) as T;
}

const antdLocales: Record<string, Locale> = { 'zh-CN': defaultOf<Locale>(zhCNModule), en: defaultOf<Locale>(enUSModule) };

export const theme = {
  token: {
    colorPrimary: '#c0392b',
    colorLink: '#b0281c',
    // Secondary text dark enough for WCAG AA (4.5:1) on white and on light grey panels.
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.58)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#b3261e', headerHeight: 56, headerPadding: '0 16px', bodyBg: '#f3f4f6', siderBg: '#ffffff' },
    Menu: { itemSelectedBg: '#fdecea', itemSelectedColor: '#b3261e' },
  },
};

function RequireAuth() {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Spin size="large" className="gg-page-spin" />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <AppShell />;
}

/** `/` (where sign-in leads unless it came from a page): the user's landing page. */
function Home() {
  const { me } = useAuth();
  const landing = me ? landingPath(me.role, visibleMenu(me.permissions).map((entry) => entry.path)) : undefined;
  return landing ? <Navigate to={landing} replace /> : <NotFound />;
}

function Routed() {
  const { me } = useAuth();
  const permissions = me?.permissions ?? [];
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/report" element={<ReportPage />} />
      <Route path="/track" element={<TrackPage />} />
      <Route path="/portal/sign-in" element={<PortalSignInPage />} />
      <Route element={<RequireAuth />}>
        <Route index element={<Home />} />
        {visibleMenu(permissions)
          .flatMap((entry) => entry.routes)
          .map(({ path, page: Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.title = t('app.name');
  }, [t, i18n.language]);
  return (
    <ConfigProvider locale={antdLocales[i18n.language] ?? antdLocales['zh-CN']} theme={theme}>
      <AuthProvider>
        <BrowserRouter>
          <Suspense fallback={<Spin size="large" className="gg-page-spin" />}>
            <Routed />
          </Suspense>
        </BrowserRouter>
      </AuthProvider>
    </ConfigProvider>
  );
}
