/** Portal text of the sharing workflow's demands (zh-CN). demand.en.ts must have the same keys. */
export const demandZhCN = {
  menu: 'demand',
};
