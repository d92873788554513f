/** Portal text of the sharing workflow's objections (zh-CN). objection.en.ts must have the same keys. */
export const objectionZhCN = {
  menu: 'objection',
};
