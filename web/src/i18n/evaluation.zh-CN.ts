/** Portal text of evaluation (issue 6, zh-CN). evaluation.en.ts must have the same keys. */
export const evaluationZhCN = {
  menu: {
    group: '评估',
  },
};
