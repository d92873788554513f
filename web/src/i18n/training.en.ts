import type { Messages } from './keys';

/** Portal text of training (issue 6, English). */
export const trainingEn: Messages['training'] = {
  menu: {
    group: 'Training',
  },
};
