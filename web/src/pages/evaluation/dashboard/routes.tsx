import type { PortalRoute } from '../../../routes';

/** The evaluation/dashboard pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const DASHBOARD_ROUTES: PortalRoute[] = [];
export const DASHBOARD_MENU_PATHS: string[] = [];
