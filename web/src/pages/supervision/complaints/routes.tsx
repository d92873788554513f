import { lazy } from 'react';
import { FormOutlined, MessageOutlined, ProfileOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who takes part in complaints (the server's policy.ts decides; hiding is a courtesy). */
const PARTICIPANTS: PortalRoute['access'] = ['unit_user', 'unit_steward', 'supervisor', 'authority_reviewer', 'leader'];

/** The supervision/complaints pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const COMPLAINT_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/complaints',
    title: 'complaint.menu.list',
    description: 'complaint.menu.listHome',
    icon: <MessageOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./ComplaintListPage')),
  },
  {
    path: '/supervision/complaints/new',
    title: 'complaint.menu.new',
    icon: <FormOutlined />,
    access: ['unit_user', 'unit_steward'],
    component: lazy(() => import('./ComplaintFormPage')),
    hidden: true,
  },
  {
    path: '/supervision/complaints/:id',
    title: 'complaint.menu.detail',
    icon: <ProfileOutlined />,
    access: PARTICIPANTS,
    component: lazy(() => import('./ComplaintDetailPage')),
    hidden: true,
  },
];
export const COMPLAINT_MENU_PATHS: string[] = ['/supervision/complaints'];
