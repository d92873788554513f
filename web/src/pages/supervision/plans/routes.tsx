import type { PortalRoute } from '../../../routes';

/** The supervision/plans pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const PLAN_ROUTES: PortalRoute[] = [];
export const PLAN_MENU_PATHS: string[] = [];
