import { lazy } from 'react';
import { ProfileOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The supervision/plans pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const PLAN_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/plans',
    title: 'plan.menu.list',
    description: 'plan.home.list',
    icon: <ScheduleOutlined />,
    access: 'all',
    component: lazy(() => import('./PlanListPage')),
  },
  {
    path: '/supervision/plans/:id',
    title: 'plan.menu.detail',
    icon: <ProfileOutlined />,
    access: 'all',
    component: lazy(() => import('./PlanDetailPage')),
    hidden: true,
  },
];
export const PLAN_MENU_PATHS: string[] = ['/supervision/plans'];
