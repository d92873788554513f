import { lazy } from 'react';
import { AlertOutlined, CrownOutlined, FileAddOutlined, ProjectOutlined, SolutionOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who takes part in demands: units raise and answer them, the overseers follow every one. */
const DEMAND_READERS = ['unit_user', 'unit_steward', 'authority_reviewer', 'leader', 'supervisor', 'platform_admin'] as const;

/** The demands pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const DEMAND_ROUTES: PortalRoute[] = [
  { path: '/sharing/demands', title: 'demand.menu.board', description: 'demand.home.board', icon: <ProjectOutlined />, access: DEMAND_READERS, component: lazy(() => import('./BoardPage')) },
  { path: '/sharing/demands/new', title: 'demand.menu.new', description: 'demand.home.new', icon: <FileAddOutlined />, access: ['unit_user', 'unit_steward'], component: lazy(() => import('./NewDemandPage')) },
  { path: '/sharing/demands/:id', title: 'demand.menu.detail', icon: <SolutionOutlined />, access: DEMAND_READERS, hidden: true, component: lazy(() => import('./DemandPage')) },
  { path: '/sharing/decisions', title: 'demand.menu.decisions', description: 'demand.home.decisions', icon: <CrownOutlined />, access: ['leader', 'authority_reviewer', 'supervisor', 'platform_admin'], component: lazy(() => import('./DecisionsPage')) },
  { path: '/sharing/gaps', title: 'demand.menu.gaps', description: 'demand.home.gaps', icon: <AlertOutlined />, access: 'all', component: lazy(() => import('./GapsPage')) },
];
export const DEMAND_MENU_PATHS: string[] = ['/sharing/demands', '/sharing/demands/new', '/sharing/decisions', '/sharing/gaps'];
