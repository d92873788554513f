import type { Messages } from './keys';

/** Portal text of complaint (issue 6, English). */
export const complaintEn: Messages['complaint'] = {
  menu: {
    group: 'Complaints',
  },
};
