/** Portal text of the sharing workflow's workflow (zh-CN). workflow.en.ts must have the same keys. */
export const workflowZhCN = {
  menu: 'workflow',
};
