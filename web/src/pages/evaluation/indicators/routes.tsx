import type { PortalRoute } from '../../../routes';

/** The evaluation/indicators pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const EVALUATION_ROUTES: PortalRoute[] = [];
export const EVALUATION_MENU_PATHS: string[] = [];
