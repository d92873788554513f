import type { Messages } from './keys';

/** Portal text of violation (issue 6, English). */
export const violationEn: Messages['violation'] = {
  menu: {
    group: 'Supervision',
  },
};
