import { DashboardPage } from './DashboardPage';

/** 监督看板. */
export default function SupervisionDashboardPage() {
  return <DashboardPage kind="supervision" />;
}
