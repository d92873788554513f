import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BranchesOutlined,
  CalendarOutlined,
  CloudServerOutlined,
  DatabaseOutlined,
  DiffOutlined,
  ExclamationCircleOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  FormOutlined,
  FundOutlined,
  HomeOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PartitionOutlined,
  ProfileOutlined,
  SettingOutlined,
  SolutionOutlined,
  SwapOutlined,
  TableOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from './types';
import type { MessageKey } from './i18n/keys';
import { WORKFLOW_ROUTES, WORKFLOW_MENU_PATHS } from './pages/sharing/workflow/routes';
import { DEMAND_ROUTES, DEMAND_MENU_PATHS } from './pages/sharing/demands/routes';
import { APPLICATION_ROUTES, APPLICATION_MENU_PATHS } from './pages/sharing/applications/routes';
import { AGREEMENT_ROUTES, AGREEMENT_MENU_PATHS } from './pages/sharing/agreements/routes';
import { OBJECTION_ROUTES, OBJECTION_MENU_PATHS } from './pages/sharing/objections/routes';
import { VIOLATION_ROUTES, VIOLATION_MENU_PATHS } from './pages/supervision/violations/routes';
import { COMPLAINT_ROUTES, COMPLAINT_MENU_PATHS } from './pages/supervision/complaints/routes';
import { COMPLIANCE_ROUTES, COMPLIANCE_MENU_PATHS } from './pages/supervision/rules/routes';
import { INTEGRITY_ROUTES, INTEGRITY_MENU_PATHS } from './pages/supervision/integrity/routes';
import { TRAINING_ROUTES, TRAINING_MENU_PATHS } from './pages/supervision/training/routes';
import { PLAN_ROUTES, PLAN_MENU_PATHS } from './pages/supervision/plans/routes';
import { USAGE_ROUTES, USAGE_MENU_PATHS } from './pages/evaluation/usage/routes';
import { EVALUATION_ROUTES, EVALUATION_MENU_PATHS } from './pages/evaluation/indicators/routes';
import { REPORT_ROUTES, REPORT_MENU_PATHS } from './pages/evaluation/report/routes';
import { DASHBOARD_ROUTES, DASHBOARD_MENU_PATHS } from './pages/evaluation/dashboard/routes';

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
  /** A page reached from another page (detail, editor), not a destination of its own: no quick link. */
  hidden?: boolean;
}

export interface MenuGroup {
  key: string;
  title: MessageKey;
  icon: ReactNode;
  /** Paths of ROUTES shown in this group, in menu order. */
  paths: string[];
}

const ADMINS_AND_READERS: Role[] = ['platform_admin', 'authority_reviewer', 'supervisor', 'auditor', 'unit_steward'];
const CATALOG_AUTHORITY: Role[] = ['authority_reviewer', 'platform_admin'];
const OVERDUE_READERS: Role[] = ['authority_reviewer', 'platform_admin', 'supervisor', 'unit_steward'];

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
  // Catalog 目录体系 (issue 3). Resource codes contain a '/', so detail routes take the rest of the path.
  { path: '/catalog', title: 'menu.catalogSearch', description: 'home.link.catalogSearch', icon: <FileSearchOutlined />, access: 'all', component: lazy(() => import('./pages/catalog/SearchPage')) },
  { path: '/catalog/resources/*', title: 'menu.catalogResource', icon: <ProfileOutlined />, access: 'all', hidden: true, component: lazy(() => import('./pages/catalog/ResourcePage')) },
  { path: '/catalog/sharing', title: 'menu.catalogSharing', description: 'home.link.catalogSharing', icon: <FolderOpenOutlined />, access: 'all', component: lazy(() => import('./pages/catalog/SharingCatalogPage')) },
  { path: '/catalog/exchange', title: 'menu.catalogExchange', description: 'home.link.catalogExchange', icon: <SwapOutlined />, access: 'all', component: lazy(() => import('./pages/catalog/ExchangeCatalogPage')) },
  { path: '/catalog/collection', title: 'menu.catalogCollection', description: 'home.link.catalogCollection', icon: <NodeIndexOutlined />, access: 'all', component: lazy(() => import('./pages/catalog/CollectionCatalogPage')) },
  { path: '/catalog/mine', title: 'menu.catalogMine', description: 'home.link.catalogMine', icon: <DatabaseOutlined />, access: ['unit_steward'], component: lazy(() => import('./pages/catalog/MinePage')) },
  { path: '/catalog/mine/draft/*', title: 'menu.catalogDraft', icon: <FormOutlined />, access: ['unit_steward'], hidden: true, component: lazy(() => import('./pages/catalog/DraftEditorPage')) },
  { path: '/catalog/review', title: 'menu.catalogReview', description: 'home.link.catalogReview', icon: <AuditOutlined />, access: CATALOG_AUTHORITY, component: lazy(() => import('./pages/catalog/ReviewQueuePage')) },
  { path: '/catalog/review/*', title: 'menu.catalogReviewOne', icon: <AuditOutlined />, access: CATALOG_AUTHORITY, hidden: true, component: lazy(() => import('./pages/catalog/ReviewPage')) },
  { path: '/catalog/duplicates', title: 'menu.catalogDuplicates', description: 'home.link.catalogDuplicates', icon: <DiffOutlined />, access: CATALOG_AUTHORITY, component: lazy(() => import('./pages/catalog/DuplicatesPage')) },
  { path: '/catalog/classifications', title: 'menu.catalogClassifications', description: 'home.link.catalogClassifications', icon: <PartitionOutlined />, access: CATALOG_AUTHORITY, component: lazy(() => import('./pages/catalog/ClassificationsPage')) },
  { path: '/catalog/elements', title: 'menu.catalogElements', description: 'home.link.catalogElements', icon: <TagsOutlined />, access: CATALOG_AUTHORITY, component: lazy(() => import('./pages/catalog/DataElementsPage')) },
  // Data exchange 数据交换 (issue 4). Detail links encode the resource code as one segment: /data/A01%2F000001.
  { path: '/data', title: 'menu.dataList', description: 'home.link.dataList', icon: <TableOutlined />, access: 'all', component: lazy(() => import('./pages/exchange/DataListPage')) },
  { path: '/data/:code', title: 'menu.dataset', icon: <CloudServerOutlined />, access: 'all', hidden: true, component: lazy(() => import('./pages/exchange/DatasetPage')) },
  { path: '/subscriptions', title: 'menu.mySubscriptions', description: 'home.link.mySubscriptions', icon: <NotificationOutlined />, access: 'all', component: lazy(() => import('./pages/exchange/MySubscriptionsPage')) },
  { path: '/data-overdue', title: 'menu.dataOverdue', description: 'home.link.dataOverdue', icon: <ExclamationCircleOutlined />, access: OVERDUE_READERS, component: lazy(() => import('./pages/exchange/OverduePage')) },
  // Sharing workflow 共享 (issue 5): each submodule lists its pages in pages/sharing/<sub>/routes.tsx.
  ...WORKFLOW_ROUTES,
  ...DEMAND_ROUTES,
  ...APPLICATION_ROUTES,
  ...AGREEMENT_ROUTES,
  ...OBJECTION_ROUTES,
  // Supervision 监督 and evaluation 评估 (issue 6): each part lists its pages in pages/<module>/<part>/routes.tsx.
  ...VIOLATION_ROUTES,
  ...COMPLAINT_ROUTES,
  ...COMPLIANCE_ROUTES,
  ...INTEGRITY_ROUTES,
  ...TRAINING_ROUTES,
  ...PLAN_ROUTES,
  ...USAGE_ROUTES,
  ...EVALUATION_ROUTES,
  ...REPORT_ROUTES,
  ...DASHBOARD_ROUTES,
];

/** Top-level entries are plain paths; groups become sub-menus. */
export const MENU: (string | MenuGroup)[] = [
  '/',
  {
    key: 'catalog',
    title: 'menu.catalogGroup',
    icon: <BranchesOutlined />,
    paths: ['/catalog', '/catalog/sharing', '/catalog/exchange', '/catalog/collection', '/catalog/mine', '/catalog/review', '/catalog/duplicates', '/catalog/classifications', '/catalog/elements'],
  },
  {
    key: 'exchange',
    title: 'menu.exchangeGroup',
    icon: <SwapOutlined />,
    paths: ['/data', '/subscriptions', '/data-overdue'],
  },
  {
    key: 'sharing',
    title: 'menu.sharingGroup',
    icon: <SolutionOutlined />,
    paths: [...WORKFLOW_MENU_PATHS, ...DEMAND_MENU_PATHS, ...APPLICATION_MENU_PATHS, ...AGREEMENT_MENU_PATHS, ...OBJECTION_MENU_PATHS],
  },
  {
    key: 'supervision',
    title: 'violation.menu.group',
    icon: <AlertOutlined />,
    paths: [...VIOLATION_MENU_PATHS, ...COMPLAINT_MENU_PATHS, ...COMPLIANCE_MENU_PATHS, ...INTEGRITY_MENU_PATHS, ...TRAINING_MENU_PATHS, ...PLAN_MENU_PATHS],
  },
  {
    key: 'evaluation',
    title: 'evaluation.menu.group',
    icon: <FundOutlined />,
    paths: [...DASHBOARD_MENU_PATHS, ...EVALUATION_MENU_PATHS, ...REPORT_MENU_PATHS, ...USAGE_MENU_PATHS],
  },
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
