import { lazy } from 'react';
import { DashboardOutlined, MonitorOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The evaluation/dashboard pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const DASHBOARD_ROUTES: PortalRoute[] = [
  {
    path: '/evaluation/dashboard/supervision',
    title: 'dashboard.menu.supervision',
    description: 'dashboard.home.supervision',
    icon: <MonitorOutlined />,
    access: ['supervisor', 'leader', 'authority_reviewer', 'platform_admin'],
    component: lazy(() => import('./SupervisionDashboardPage')),
  },
  {
    path: '/evaluation/dashboard/authority',
    title: 'dashboard.menu.authority',
    description: 'dashboard.home.authority',
    icon: <DashboardOutlined />,
    access: ['authority_reviewer', 'platform_admin'],
    component: lazy(() => import('./AuthorityDashboardPage')),
  },
];
export const DASHBOARD_MENU_PATHS: string[] = ['/evaluation/dashboard/authority', '/evaluation/dashboard/supervision'];
