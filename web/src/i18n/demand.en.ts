import type { Messages } from './keys';

/** Portal text of the sharing workflow's demands (English). */
export const demandEn: Messages['demand'] = {
  menu: 'demand',
};
