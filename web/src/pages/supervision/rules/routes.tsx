import { lazy } from 'react';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** The supervision/rules pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const COMPLIANCE_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/rules',
    title: 'compliance.menu.rules',
    description: 'compliance.home.rules',
    icon: <SafetyCertificateOutlined />,
    access: ['supervisor', 'authority_reviewer', 'platform_admin'],
    component: lazy(() => import('./RulesPage')),
  },
];
export const COMPLIANCE_MENU_PATHS: string[] = ['/supervision/rules'];
