import type { Messages } from './keys';

/** Portal text of integrity (issue 6, English). */
export const integrityEn: Messages['integrity'] = {
  menu: {
    group: 'Data integrity',
  },
};
