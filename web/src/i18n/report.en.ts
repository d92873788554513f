import type { Messages } from './keys';

/** Portal text of report (issue 6, English). */
export const reportEn: Messages['report'] = {
  menu: {
    group: 'Annual report',
  },
};
