import type { PortalRoute } from '../../../routes';

/** The evaluation/usage pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const USAGE_ROUTES: PortalRoute[] = [];
export const USAGE_MENU_PATHS: string[] = [];
