import type { PortalRoute } from '../../../routes';

/** The supervision/rules pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const COMPLIANCE_ROUTES: PortalRoute[] = [];
export const COMPLIANCE_MENU_PATHS: string[] = [];
