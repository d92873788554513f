import type { PortalRoute } from '../../../routes';

/** The supervision/complaints pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const COMPLAINT_ROUTES: PortalRoute[] = [];
export const COMPLAINT_MENU_PATHS: string[] = [];
