import type { PortalRoute } from '../../../routes';

/** The supervision/violations pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const VIOLATION_ROUTES: PortalRoute[] = [];
export const VIOLATION_MENU_PATHS: string[] = [];
