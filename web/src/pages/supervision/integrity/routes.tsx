import type { PortalRoute } from '../../../routes';

/** The supervision/integrity pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const INTEGRITY_ROUTES: PortalRoute[] = [];
export const INTEGRITY_MENU_PATHS: string[] = [];
