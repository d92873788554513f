import { lazy } from 'react';
import { FieldTimeOutlined, InboxOutlined, WarningOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The workflow pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const WORKFLOW_ROUTES: PortalRoute[] = [
  { path: '/inbox', title: 'workflow.menu.inbox', description: 'workflow.home.inbox', icon: <InboxOutlined />, access: 'all', component: lazy(() => import('./InboxPage')) },
  {
    path: '/sharing/overdue',
    title: 'workflow.menu.overdue',
    description: 'workflow.home.overdue',
    icon: <WarningOutlined />,
    access: ['authority_reviewer', 'supervisor', 'platform_admin'],
    component: lazy(() => import('./OverduePage')),
  },
  {
    path: '/sharing/settings',
    title: 'workflow.menu.settings',
    description: 'workflow.home.settings',
    icon: <FieldTimeOutlined />,
    access: ['authority_reviewer', 'platform_admin'],
    component: lazy(() => import('./SettingsPage')),
  },
];
export const WORKFLOW_MENU_PATHS: string[] = ['/inbox', '/sharing/overdue', '/sharing/settings'];
