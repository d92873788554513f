import 'i18next';
import type { zhCN } from './zh-CN';

// Makes t('…') check its key against the Chinese dictionary at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    returnNull: false;
    nsSeparator: false;
  }
}
