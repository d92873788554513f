import type { PortalRoute } from '../../../routes';

/** The applications pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const APPLICATION_ROUTES: PortalRoute[] = [];
export const APPLICATION_MENU_PATHS: string[] = [];
