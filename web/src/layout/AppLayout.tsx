import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Button, Dropdown, Layout, Menu, Space, Spin, Typography, type MenuProps } from 'antd';
import { DownOutlined, LockOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { hasAnyRole, useMe, useAuth } from '../auth';
import { MENU, ROUTES, routeFor } from '../routes';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import { errorMessage } from '../api';

const { Header, Sider, Content, Footer } = Layout;
type MenuItem = NonNullable<MenuProps['items']>[number];

function selectedPath(pathname: string): string {
  const match = ROUTES.filter((r) => r.path !== '/' && pathname.startsWith(r.path)).sort((a, b) => b.path.length - a.path.length)[0];
  return match?.path ?? '/';
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  const menuItems = useMemo<MenuProps['items']>(() => {
    const item = (path: string): MenuItem | null => {
      const r = routeFor(path);
      if (!r || !hasAnyRole(me, r.access)) return null;
      return { key: r.path, icon: r.icon, label: <Link to={r.path}>{t(r.title)}</Link> };
    };
    return MENU.flatMap((entry): MenuItem[] => {
      if (typeof entry === 'string') {
        const it = item(entry);
        return it ? [it] : [];
      }
      const children = entry.paths.map(item).filter((x): x is MenuItem => x !== null);
      if (!children.length) return [];
      return [{ key: entry.key, icon: entry.icon, label: t(entry.title), children }];
    });
  }, [me, t]);

  const openKeys = useMemo(() => MENU.filter((m) => typeof m !== 'string').map((m) => (m as { key: string }).key), []);

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div className="gs-user-card">
          <div className="gs-user-name">{me.displayName}</div>
          <div className="gs-user-unit">{me.unitName ?? t('common.none')}</div>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <LockOutlined />, label: <span data-testid="menu-change-password">{t('account.changePassword')}</span> },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('account.logout')}</span> },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setPasswordOpen(true);
    if (key === 'logout') {
      logout()
        .then(() => {
          message.success(t('account.loggedOut'));
          navigate('/login', { replace: true });
        })
        .catch((e: unknown) => message.error(errorMessage(e)));
    }
  };

  return (
    <Layout className="gs-shell">
      <Header className="gs-header">
        <Link to="/" className="gs-brand" aria-label={t('app.name')}>
          <img src="/favicon.svg" alt="" className="gs-brand-logo" />
          <span className="gs-brand-name" data-testid="platform-name">
            {t('app.name')}
          </span>
          <span className="gs-brand-sub">{t('app.shortName')}</span>
        </Link>
        <Space size={4} className="gs-header-right">
          <LanguageSwitch light />
          <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
            <Button type="text" className="gs-header-button" data-testid="user-menu">
              <Space size={8}>
                <Avatar size="small" icon={<UserOutlined />} className="gs-avatar" />
                <span className="gs-header-user">{me.displayName}</span>
                <span className="gs-header-unit">{me.unitName ?? ''}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
        </Space>
      </Header>
      <Layout>
        <Sider
          width={i18n.language === 'en' ? 248 : 208}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
          theme="light"
          className="gs-sider"
        >
          <Menu
            mode="inline"
            data-testid="side-menu"
            selectedKeys={[selectedPath(location.pathname)]}
            defaultOpenKeys={openKeys}
            items={menuItems}
            className="gs-menu"
          />
          <div className="gs-sider-footer">
            <Button
              type="text"
              block
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
              aria-label={collapsed ? t('layout.expand') : t('layout.collapse')}
            />
          </div>
        </Sider>
        <Layout className="gs-main">
          <Content className="gs-content">
            <Suspense fallback={<Spin className="gs-page-spin" />}>
              <Outlet />
            </Suspense>
          </Content>
          <Footer className="gs-footer">
            <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
          </Footer>
        </Layout>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
