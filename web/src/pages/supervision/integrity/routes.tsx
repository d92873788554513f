import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The supervision/integrity pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const INTEGRITY_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/integrity',
    title: 'integrity.menu.page',
    description: 'integrity.home.page',
    icon: <SafetyCertificateOutlined />,
    // The server's policy.ts: integrity.read.
    access: ['supervisor', 'auditor', 'platform_admin', 'authority_reviewer'],
    component: lazy(() => import('./IntegrityPage')),
  },
];
export const INTEGRITY_MENU_PATHS: string[] = ['/supervision/integrity'];
