import { lazy } from 'react';
import { LineChartOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The evaluation/usage pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const USAGE_ROUTES: PortalRoute[] = [
  {
    path: '/evaluation/usage',
    title: 'usage.menu.page',
    description: 'usage.home.page',
    icon: <LineChartOutlined />,
    // City-wide for the authority, supervisors, administrators, the leadership group; a unit's people see their own unit's accesses.
    access: ['authority_reviewer', 'supervisor', 'platform_admin', 'leader', 'unit_steward', 'unit_user'],
    component: lazy(() => import('./UsagePage')),
  },
];
export const USAGE_MENU_PATHS: string[] = ['/evaluation/usage'];
