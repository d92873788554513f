import { defineMessages, registerMessages } from '../../core/i18n.js';

/** Server messages of the annual evaluation (年度评估): zh-CN default, English. */
export const evaluationMessages = defineMessages({
  'evaluation.forbidden': { zh: '无权执行该评估操作', en: 'You may not do this with the evaluation' },
  'evaluation.run.not_found': { zh: '评估不存在：{id}', en: 'No such evaluation run: {id}' },
  'evaluation.run.published': { zh: '该评估已发布，不能再更改（可重新评估生成新版本）', en: 'The evaluation is published and cannot be changed (run again for a new version)' },
  'evaluation.run.invalid_year': { zh: '评估年度应为 2000～{max} 之间的整数', en: 'The year is an integer from 2000 to {max}' },
  'evaluation.run.no_units': { zh: '没有可参评的单位', en: 'There is no unit to evaluate' },
  'evaluation.unit.not_found': { zh: '该评估中没有此单位：{id}', en: 'The run has no such unit: {id}' },
  'evaluation.settings.weights_sum': { zh: '各指标权重之和应为 100，当前为 {sum}', en: 'The weights must sum to 100; they sum to {sum}' },
  'evaluation.settings.weight': { zh: '权重应为 0～100 的整数', en: 'A weight is an integer from 0 to 100' },
  'evaluation.settings.formula': { zh: '不支持的计分方法：{value}', en: 'Unknown formula: {value}' },
  'evaluation.settings.param': { zh: '参数无效：{name} 应为 {min}～{max} 之间的数', en: 'Invalid parameter: {name} is a number from {min} to {max}' },
  'evaluation.settings.excluded_functions': { zh: '不参加评估的单位职能只能是：{values}', en: 'Functions of units left out of the evaluation must be among: {values}' },
  'evaluation.settings.bands': { zh: '等级分数线应满足 100 ≥ 优秀 > 良好 > 合格 ≥ 0', en: 'Grade bands: 100 ≥ excellent > good > pass ≥ 0' },
  'evaluation.settings.unknown_indicator': { zh: '未知指标：{value}', en: 'Unknown indicator: {value}' },
  'evaluation.export.unavailable': { zh: '导出组件暂不可用', en: 'Export is not available' },
});
registerMessages(evaluationMessages);
