import type { PortalRoute } from '../../../routes';

/** The evaluation/report pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const REPORT_ROUTES: PortalRoute[] = [];
export const REPORT_MENU_PATHS: string[] = [];
