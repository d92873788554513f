/** Portal text of the sharing workflow's agreements (zh-CN). agreement.en.ts must have the same keys. */
export const agreementZhCN = {
  menu: 'agreement',
};
