import { lazy } from 'react';
import { FundProjectionScreenOutlined, ProfileOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import type { PortalRoute } from '../../../routes';

/** Who oversees evaluations (the server's policy.ts decides; hiding is a courtesy). */
const OVERSEERS: PortalRoute['access'] = ['authority_reviewer', 'supervisor', 'platform_admin', 'leader'];

/** The evaluation/indicators pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const EVALUATION_ROUTES: PortalRoute[] = [
  { path: '/evaluation/runs', title: 'evaluation.menu.runs', description: 'evaluation.home.runs', icon: <FundProjectionScreenOutlined />, access: OVERSEERS, component: lazy(() => import('./RunsPage')) },
  { path: '/evaluation/runs/:id', title: 'evaluation.menu.run', icon: <ProfileOutlined />, access: 'all', hidden: true, component: lazy(() => import('./RunPage')) },
  { path: '/evaluation/runs/:id/units/:unitId', title: 'evaluation.menu.unit', icon: <ProfileOutlined />, access: 'all', hidden: true, component: lazy(() => import('./UnitPage')) },
  { path: '/evaluation/results', title: 'evaluation.menu.results', description: 'evaluation.home.results', icon: <TrophyOutlined />, access: 'all', component: lazy(() => import('./ResultsPage')) },
  { path: '/evaluation/settings', title: 'evaluation.menu.settings', description: 'evaluation.home.settings', icon: <SettingOutlined />, access: OVERSEERS, component: lazy(() => import('./SettingsPage')) },
];
export const EVALUATION_MENU_PATHS: string[] = ['/evaluation/runs', '/evaluation/results', '/evaluation/settings'];
