import type { Messages } from './keys';

/** Portal text of usage (issue 6, English). */
export const usageEn: Messages['usage'] = {
  menu: {
    group: 'Usage',
  },
};
