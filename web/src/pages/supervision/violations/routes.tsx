import { lazy } from 'react';
import { NotificationOutlined, ProfileOutlined, WarningOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who reads violations (the server's policy.ts decides; hiding is a courtesy). */
const READERS: PortalRoute['access'] = ['supervisor', 'authority_reviewer', 'leader', 'platform_admin', 'auditor', 'unit_steward', 'unit_user'];

/** The supervision/violations pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const VIOLATION_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/violations',
    title: 'violation.menu.list',
    description: 'violation.menu.listHome',
    icon: <WarningOutlined />,
    access: READERS,
    component: lazy(() => import('./ViolationListPage')),
  },
  {
    path: '/supervision/violations/:id',
    title: 'violation.menu.detail',
    icon: <ProfileOutlined />,
    access: READERS,
    component: lazy(() => import('./ViolationDetailPage')),
    hidden: true,
  },
  {
    path: '/supervision/notices',
    title: 'violation.menu.notices',
    description: 'violation.menu.noticesHome',
    icon: <NotificationOutlined />,
    access: 'all',
    component: lazy(() => import('./NoticeListPage')),
  },
];
export const VIOLATION_MENU_PATHS: string[] = ['/supervision/violations', '/supervision/notices'];
