import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanItem, PlanStatus } from './planApi';

const COLORS: Record<PlanStatus, string> = { planned: 'default', in_progress: 'processing', completed: 'success', delayed: 'error', cancelled: 'default' };

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid={`plan-status-${status}`}>
      {t(`plan.status.${status}`)}
    </Tag>
  );
}

/** The effective status; when it is computed (an overdue milestone), the tooltip says so. */
export function ItemStatus({ item }: { item: PlanItem }) {
  const { t } = useTranslation();
  if (item.effectiveStatus === item.status) return <PlanStatusTag status={item.status} />;
  return (
    <Tooltip title={t('plan.list.overdue', { count: item.overdueMilestones })}>
      <span>
        <PlanStatusTag status={item.effectiveStatus} />
      </span>
    </Tooltip>
  );
}
