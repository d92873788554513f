import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  HomeOutlined,
  KeyOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from './types';
import type { MessageKey } from './i18n/keys';

/**
 * The portal's one map: every page, the menu entry that leads to it, and who may see it.
 * A later module (catalog 目录, exchange 交换, sharing 共享, supervision 监督, evaluation 评估)
 * adds its group to MENU and its pages to ROUTES here; the layout and the router read only this file.
 * The server enforces the same rules in each module's policy.ts; hiding a menu entry is a courtesy.
 */

export type Access = readonly Role[] | 'all';

export interface PortalRoute {
  /** Router path, also the menu key. */
  path: string;
  /** i18n key of the page title (menu label, breadcrumb, browser title). */
  title: MessageKey;
  /** One line for the home page's quick links. */
  description?: MessageKey;
  icon: ReactNode;
  access: Access;
  component: LazyExoticComponent<ComponentType>;
}

export interface MenuGroup {
  key: string;
  title: MessageKey;
  icon: ReactNode;
  /** Paths of ROUTES shown in this group, in menu order. */
  paths: string[];
}

const ADMINS_AND_READERS: Role[] = ['platform_admin', 'authority_reviewer', 'supervisor', 'auditor', 'unit_steward'];

export const ROUTES: PortalRoute[] = [
  { path: '/', title: 'menu.home', icon: <HomeOutlined />, access: 'all', component: lazy(() => import('./pages/HomePage')) },
  { path: '/units', title: 'menu.units', description: 'home.link.units', icon: <ApartmentOutlined />, access: 'all', component: lazy(() => import('./pages/UnitsPage')) },
  { path: '/users', title: 'menu.users', description: 'home.link.users', icon: <TeamOutlined />, access: ADMINS_AND_READERS, component: lazy(() => import('./pages/UsersPage')) },
  {
    path: '/systems',
    title: 'menu.systems',
    description: 'home.link.systems',
    icon: <AppstoreOutlined />,
    access: ['platform_admin', 'unit_steward'],
    component: lazy(() => import('./pages/SystemsPage')),
  },
  {
    path: '/tokens',
    title: 'menu.tokens',
    description: 'home.link.tokens',
    icon: <KeyOutlined />,
    access: ['platform_admin', 'unit_steward'],
    component: lazy(() => import('./pages/TokensPage')),
  },
  {
    path: '/audit',
    title: 'menu.audit',
    description: 'home.link.audit',
    icon: <AuditOutlined />,
    access: ['platform_admin', 'supervisor', 'auditor'],
    component: lazy(() => import('./pages/AuditPage')),
  },
  {
    path: '/calendar',
    title: 'menu.calendar',
    description: 'home.link.calendar',
    icon: <CalendarOutlined />,
    access: ['platform_admin', 'authority_reviewer'],
    component: lazy(() => import('./pages/CalendarPage')),
  },
  // Later issues: { path: '/catalog', title: 'menu.catalog', ... }, '/exchange', '/sharing', '/supervision', '/evaluation'.
];

/** Top-level entries are plain paths; groups become sub-menus. */
export const MENU: (string | MenuGroup)[] = [
  '/',
  // Later issues insert their groups here, e.g.
  // { key: 'catalog', title: 'menu.catalog', icon: <DatabaseOutlined />, paths: ['/catalog', '/catalog/review'] },
  {
    key: 'org',
    title: 'menu.orgGroup',
    icon: <ApartmentOutlined />,
    paths: ['/units', '/users', '/systems', '/tokens'],
  },
  {
    key: 'system',
    title: 'menu.systemGroup',
    icon: <SettingOutlined />,
    paths: ['/audit', '/calendar'],
  },
];

export function routeFor(path: string): PortalRoute | undefined {
  return ROUTES.find((r) => r.path === path);
}
