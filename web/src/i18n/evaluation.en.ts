import type { Messages } from './keys';

/** Portal text of evaluation (issue 6, English). */
export const evaluationEn: Messages['evaluation'] = {
  menu: {
    group: 'Evaluation',
  },
};
