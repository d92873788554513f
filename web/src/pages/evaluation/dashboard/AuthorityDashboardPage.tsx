import { DashboardPage } from './DashboardPage';

/** 主管部门看板. */
export default function AuthorityDashboardPage() {
  return <DashboardPage kind="authority" />;
}
