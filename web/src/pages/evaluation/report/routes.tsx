import { lazy } from 'react';
import { FileTextOutlined, ProfileOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who sees annual reports (the server's policy decides: leaders only sent ones). */
const READERS: PortalRoute['access'] = ['authority_reviewer', 'supervisor', 'platform_admin', 'leader'];

/** The evaluation/report pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const REPORT_ROUTES: PortalRoute[] = [
  {
    path: '/evaluation/reports',
    title: 'report.menu.list',
    description: 'report.home.list',
    icon: <FileTextOutlined />,
    access: READERS,
    component: lazy(() => import('./ReportListPage')),
  },
  {
    path: '/evaluation/reports/:id',
    title: 'report.menu.detail',
    icon: <ProfileOutlined />,
    access: READERS,
    component: lazy(() => import('./ReportPage')),
    hidden: true,
  },
];
export const REPORT_MENU_PATHS: string[] = ['/evaluation/reports'];
