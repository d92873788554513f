/** Portal text of the sharing workflow's applications (zh-CN). application.en.ts must have the same keys. */
export const applicationZhCN = {
  menu: 'application',
};
