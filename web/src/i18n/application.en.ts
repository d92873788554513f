import type { Messages } from './keys';

/** Portal text of the sharing workflow's applications (English). */
export const applicationEn: Messages['application'] = {
  menu: 'application',
};
