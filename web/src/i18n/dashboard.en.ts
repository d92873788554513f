import type { Messages } from './keys';

/** Portal text of dashboard (issue 6, English). */
export const dashboardEn: Messages['dashboard'] = {
  menu: {
    group: 'Dashboards',
  },
};
