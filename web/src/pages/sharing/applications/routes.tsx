import { lazy } from 'react';
import { FileAddOutlined, FileDoneOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';
import type { Role } from '../../../types';

const APPLICATION_READERS: Role[] = ['unit_user', 'unit_steward', 'authority_reviewer', 'supervisor', 'platform_admin'];
const GRANT_READERS: Role[] = [...APPLICATION_READERS, 'secrecy_officer'];

/**
 * The applications pages (issue 5): 共享申请 (R13) and 授权. The catalog's "apply for access" button
 * links to /sharing/applications/new?resource=CODE.
 */
export const APPLICATION_ROUTES: PortalRoute[] = [
  {
    path: '/sharing/applications',
    title: 'application.menu.list',
    description: 'application.home.list',
    icon: <FileDoneOutlined />,
    access: APPLICATION_READERS,
    component: lazy(() => import('./ApplicationsPage')),
  },
  {
    path: '/sharing/applications/new',
    title: 'application.menu.new',
    icon: <FileAddOutlined />,
    access: ['unit_user', 'unit_steward'],
    hidden: true,
    component: lazy(() => import('./NewApplicationPage')),
  },
  {
    path: '/sharing/applications/:id',
    title: 'application.menu.detail',
    icon: <FileDoneOutlined />,
    access: APPLICATION_READERS,
    hidden: true,
    component: lazy(() => import('./ApplicationPage')),
  },
  {
    path: '/sharing/grants',
    title: 'application.menu.grants',
    description: 'application.home.grants',
    icon: <SafetyCertificateOutlined />,
    access: GRANT_READERS,
    component: lazy(() => import('./GrantsPage')),
  },
  {
    path: '/sharing/grants/:id',
    title: 'application.menu.grant',
    icon: <SafetyCertificateOutlined />,
    access: GRANT_READERS,
    hidden: true,
    component: lazy(() => import('./GrantPage')),
  },
];
export const APPLICATION_MENU_PATHS: string[] = ['/sharing/applications', '/sharing/grants'];
