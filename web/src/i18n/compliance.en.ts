import type { Messages } from './keys';

/** Portal text of compliance (issue 6, English). */
export const complianceEn: Messages['compliance'] = {
  menu: {
    group: 'Compliance monitor',
  },
};
