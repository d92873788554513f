import { lazy } from 'react';
import { FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who takes part in confidentiality agreements (the server's policy.ts decides; hiding is a courtesy). */
const PARTICIPANTS: PortalRoute['access'] = ['unit_steward', 'unit_user', 'secrecy_officer', 'authority_reviewer', 'supervisor', 'platform_admin'];

/** The agreements pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const AGREEMENT_ROUTES: PortalRoute[] = [
  {
    path: '/sharing/agreements',
    title: 'agreement.menu.list',
    description: 'agreement.home.list',
    icon: <SafetyCertificateOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./AgreementListPage')),
  },
  {
    path: '/sharing/agreements/:id',
    title: 'agreement.menu.detail',
    icon: <FileProtectOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./AgreementDetailPage')),
    hidden: true,
  },
];
export const AGREEMENT_MENU_PATHS: string[] = ['/sharing/agreements'];
