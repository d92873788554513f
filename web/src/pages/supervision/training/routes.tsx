import type { PortalRoute } from '../../../routes';

/** The supervision/training pages (issue 6): added to the portal's ROUTES; MENU_PATHS go into the menu group in this order. */
export const TRAINING_ROUTES: PortalRoute[] = [];
export const TRAINING_MENU_PATHS: string[] = [];
