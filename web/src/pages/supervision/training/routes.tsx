import { lazy } from 'react';
import { ProfileOutlined, ReadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who sees training (the server's policy.ts decides; hiding is a courtesy). */
const READERS: PortalRoute['access'] = ['authority_reviewer', 'platform_admin', 'supervisor', 'leader', 'unit_steward'];

/** The supervision/training pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const TRAINING_ROUTES: PortalRoute[] = [
  {
    path: '/supervision/training',
    title: 'training.menu.sessions',
    description: 'training.home.sessions',
    icon: <ReadOutlined />,
    access: READERS,
    component: lazy(() => import('./TrainingSessionsPage')),
  },
  {
    path: '/supervision/training/coverage',
    title: 'training.menu.coverage',
    description: 'training.home.coverage',
    icon: <SafetyCertificateOutlined />,
    access: READERS,
    component: lazy(() => import('./TrainingCoveragePage')),
  },
  {
    path: '/supervision/training/sessions/:id',
    title: 'training.menu.session',
    icon: <ProfileOutlined />,
    access: READERS,
    component: lazy(() => import('./TrainingSessionPage')),
    hidden: true,
  },
];
export const TRAINING_MENU_PATHS: string[] = ['/supervision/training', '/supervision/training/coverage'];
