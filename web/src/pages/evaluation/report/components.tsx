import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportState } from './reportApi';

const COLOR: Record<ReportState, string> = { drafted: 'blue', sent: 'orange', received: 'green' };

export function ReportStateTag({ state }: { state: ReportState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[state]} data-testid="report-state">
      {t(`report.state.${state}`)}
    </Tag>
  );
}
