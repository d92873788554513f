import type { PortalRoute } from '../../../routes';

/** The objections pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const OBJECTION_ROUTES: PortalRoute[] = [];
export const OBJECTION_MENU_PATHS: string[] = [];
