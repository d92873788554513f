import type { PortalRoute } from '../../../routes';

/** The demands pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const DEMAND_ROUTES: PortalRoute[] = [];
export const DEMAND_MENU_PATHS: string[] = [];
