import type { Messages } from './keys';

/** Portal text of the sharing workflow's workflow (English). */
export const workflowEn: Messages['workflow'] = {
  menu: 'workflow',
};
