import { EChart as SharedEChart, type EChartOption } from '../dashboard/EChart';

export type { EChartOption };

/** The evaluation pages' charts: the portal's one EChart component (dashboard/EChart.tsx), 360 px high by default. */
export function EChart({ option, height = 360, testId }: { option: EChartOption; height?: number; testId?: string }) {
  return <SharedEChart option={option} height={height} testId={testId} />;
}
