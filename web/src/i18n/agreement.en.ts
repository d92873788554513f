import type { Messages } from './keys';

/** Portal text of the sharing workflow's agreements (English). */
export const agreementEn: Messages['agreement'] = {
  menu: 'agreement',
};
