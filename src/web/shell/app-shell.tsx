import { Suspense, useState } from 'react';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Tag, Tooltip } from 'antd';
import { ApiOutlined, EnvironmentOutlined, LogoutOutlined, MenuOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../auth.js';
import { activeEntry, visibleMenu } from '../menu.js';
import { LanguageSwitch } from './language-switch.js';
import { ProductMark } from './product-mark.js';

const { Header, Sider, Content } = Layout;

export default function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const [isDrawerOpen, setDrawerOpen] = useState(false);

  const entries = visibleMenu(me.permissions);
  const selected = activeEntry(location.pathname)?.key;
  const scopeName = me.scopes.map((s) => s.name).join('、') || t('header.noScope');
  const menuItems = entries.map((e) => ({ key: e.key, icon: e.icon, label: <Link to={e.path}>{t(e.labelKey)}</Link> }));

  const onLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  const sideMenu = (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={menuItems}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 'none' }}
      aria-label={t('header.mainMenu')}
    />
  );

  const userMenu = {
    items: [
      { key: 'who', disabled: true, label: <span>{me.displayName} · {t(`role.${me.role}`)}</span> },
      { key: 'scope', disabled: true, icon: <EnvironmentOutlined />, label: scopeName },
      { type: 'divider' as const },
      { key: 'docs', icon: <ApiOutlined />, label: <a href="/api/docs" target="_blank" rel="noreferrer">{t('header.apiDocs')}</a> },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: onLogout },
    ],
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header className="gg-header">
        {isPhone && (
          <Button type="text" className="gg-header-icon" icon={<MenuOutlined />} aria-label={t('header.openMenu')} onClick={() => setDrawerOpen(true)} />
        )}
        <Link to="/" className="gg-brand" aria-label={t('app.name')}>
          {!isPhone && <ProductMark />}
          <span className="gg-brand-name">{t('app.name')}</span>
          {!isPhone && <span className="gg-brand-sub">gridgov</span>}
        </Link>
        <div style={{ flex: 1 }} />
        {isPhone ? (
          <Space size={8}>
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" className="gg-header-icon" aria-label={t('header.account')} icon={<UserOutlined />} data-testid="user-menu" />
            </Dropdown>
          </Space>
        ) : (
          <Space size={16} className="gg-header-right">
            <Tooltip title={t('header.scope')}>
              <span className="gg-header-text" data-testid="scope-name">
                <EnvironmentOutlined /> {scopeName}
              </span>
            </Tooltip>
            <span className="gg-header-text" data-testid="current-user">
              <Avatar size="small" icon={<UserOutlined />} className="gg-avatar" /> {me.displayName}
              <Tag className="gg-role-tag">{t(`role.${me.role}`)}</Tag>
            </span>
            <LanguageSwitch />
            <Dropdown
              menu={{ items: [{ key: 'docs', icon: <ApiOutlined />, label: <a href="/api/docs" target="_blank" rel="noreferrer">{t('header.apiDocs')}</a> }] }}
              placement="bottomRight"
            >
              <Button type="text" className="gg-header-icon" icon={<QuestionCircleOutlined />} aria-label={t('header.help')} />
            </Dropdown>
            <Button type="text" className="gg-header-icon" icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
              {t('header.logout')}
            </Button>
          </Space>
        )}
      </Header>
      <Layout>
        {!isPhone && (
          <Sider width={200} theme="light" className="gg-sider">
            {sideMenu}
          </Sider>
        )}
        {isPhone && (
          <Drawer placement="left" open={isDrawerOpen} onClose={() => setDrawerOpen(false)} size={240} title={t('app.name')} styles={{ body: { padding: 0 } }}>
            {sideMenu}
            <div style={{ padding: 16 }}>
              <span className="gg-muted">
                {me.displayName} · {t(`role.${me.role}`)}
              </span>
            </div>
          </Drawer>
        )}
        <Content className="gg-content" id="main">
          <Suspense fallback={<Spin size="large" className="gg-page-spin" />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
