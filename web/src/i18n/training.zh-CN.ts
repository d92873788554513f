/** Portal text of training (issue 6, zh-CN). training.en.ts must have the same keys. */
export const trainingZhCN = {
  menu: {
    group: '培训',
  },
};
