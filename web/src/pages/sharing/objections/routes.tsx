import { lazy } from 'react';
import { ExceptionOutlined, FormOutlined, ProfileOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who takes part in objections (the server's policy.ts decides; hiding is a courtesy). */
const PARTICIPANTS: PortalRoute['access'] = ['unit_user', 'unit_steward', 'authority_reviewer', 'supervisor', 'platform_admin'];

/** The objections pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const OBJECTION_ROUTES: PortalRoute[] = [
  {
    path: '/sharing/objections',
    title: 'objection.menu.list',
    description: 'objection.home.list',
    icon: <ExceptionOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./ObjectionListPage')),
  },
  {
    path: '/sharing/objections/new',
    title: 'objection.menu.new',
    icon: <FormOutlined />,
    access: ['unit_user', 'unit_steward'],
    component: lazy(() => import('./ObjectionFormPage')),
    hidden: true,
  },
  {
    path: '/sharing/objections/:id',
    title: 'objection.menu.detail',
    icon: <ProfileOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./ObjectionDetailPage')),
    hidden: true,
  },
];
export const OBJECTION_MENU_PATHS: string[] = ['/sharing/objections'];
