import type { Messages } from './keys';

/** Portal text of plan (issue 6, English). */
export const planEn: Messages['plan'] = {
  menu: {
    group: 'Annual plans',
  },
};
