import type { PortalRoute } from '../../../routes';

/** The workflow pages (issue 5): added to the portal's ROUTES; MENU_PATHS go into the 共享 menu group in this order. */
export const WORKFLOW_ROUTES: PortalRoute[] = [];
export const WORKFLOW_MENU_PATHS: string[] = [];
