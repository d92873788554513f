import type { Messages } from './keys';

/** Portal text of the sharing workflow's objections (English). */
export const objectionEn: Messages['objection'] = {
  menu: 'objection',
};
