import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of supervision/integrity (第三十一条第七项): zh-CN default, English. */
export const integrityMessages = defineMessages({
  'supervision.integrity.forbidden': { zh: '无权查看数据完整性校验结果', en: 'You may not see the integrity checks' },
  'supervision.integrity.verify_forbidden': { zh: '无权发起完整性校验（限监督部门、审计员、平台管理员）', en: 'You may not run the integrity verification (supervisors, auditors and platform administrators)' },
  'supervision.integrity.key_mismatch': {
    zh: '本节点的完整性封印密钥（数据目录下的 {file}）与生成封印时的密钥不同，无法校验数据集；请从生成封印的节点复制该文件',
    en: 'This node\'s integrity seal key ({file} in the data directory) is not the key the seals were made with; copy the file from the node that created them',
  },
});
registerMessages(integrityMessages);
