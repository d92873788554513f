import type { PortalRoute } from '../../../routes';

/** The agreements pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const AGREEMENT_ROUTES: PortalRoute[] = [];
export const AGREEMENT_MENU_PATHS: string[] = [];
