import { useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { AuthProvider, hasAnyRole, useAuth } from './auth';
import { ROUTES } from './routes';
import { AppLayout } from './layout/AppLayout';
import LoginPage from './pages/LoginPage';
import { ForbiddenPage, NotFoundPage } from './pages/ErrorPages';

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif";

function useLocaleSync() {
  const { i18n, t } = useTranslation();
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const on = (l: string) => setLang(l);
    i18n.on('languageChanged', on);
    return () => i18n.off('languageChanged', on);
  }, [i18n]);
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.title = t('app.name');
  }, [lang, t]);
  return lang;
}

function RequireSession({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Spin size="large" className="gs-boot-spin" />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function PortalRoutes() {
  const { me } = useAuth();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {ROUTES.map((r) => {
          const Page = r.component;
          return <Route key={r.path} path={r.path} element={hasAnyRole(me, r.access) ? <Page /> : <ForbiddenPage />} />;
        })}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function PortalApp() {
  const lang = useLocaleSync();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUSLocale : zhCNLocale}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { colorPrimary: '#1a5fb4', borderRadius: 4, fontFamily: FONT, colorBgLayout: '#f0f2f5' },
        components: {
          Layout: { headerBg: '#0b3a75', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
          Menu: { itemBorderRadius: 4, subMenuItemBg: '#ffffff' },
          Table: { headerBg: '#f5f7fa' },
        },
      }}
    >
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <PortalRoutes />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
