import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Spin, Statistic, Table, Tag } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import i18n from '../../../i18n';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { formatTime } from '../../../components/labels';
import { EChart, barOption, lineOption, pieOption } from './EChart';
import { dashboardApi, partNames, type Dashboard, type DashboardKind } from './dashboardApi';

const GRADE_COLOR: Record<string, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };

/** 主管部门看板 / 监督看板: one page, two kinds; every chart from one API answer. */
export function DashboardPage({ kind }: { kind: DashboardKind }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setD(await dashboardApi.get(kind));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [kind]);

  useEffect(() => {
    void load();
  }, [load]);

  const kindLabel = (k: string) => (i18n.exists(`dashboard.kind.${k}`) ? String(t(`dashboard.kind.${k}` as never)) : k);
  const lang = i18n.language.startsWith('en') ? 'en' : 'zh-CN';
  const tr: T = (k, o) => String(t(k as never, o as never));
  const charts = useMemo(() => (d ? buildCharts(d, tr, kindLabel) : null), [d, i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps

  const title = t(kind === 'authority' ? 'dashboard.menu.authority' : 'dashboard.menu.supervision');
  const pendingTotal = d?.pending?.byKind.reduce((s, x) => s + x.open, 0);
  const overdueTotal = d?.pending?.byKind.reduce((s, x) => s + x.overdue, 0);
  const callsTotal = d?.usage?.monthly.reduce((s, x) => s + x.calls, 0);
  const na = (v: number | undefined | null) => (v === undefined || v === null ? '—' : v);

  return (
    <>
      <PageHeader
        title={title}
        description={d ? t('dashboard.generatedAt', { at: formatTime(d.generatedAt) }) : undefined}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
              {t('dashboard.refresh')}
            </Button>
            <Button icon={<FilePdfOutlined />} href={dashboardApi.exportUrl(kind, 'pdf', lang)} data-testid="dashboard-export-pdf">
              {t('dashboard.exportPdf')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={dashboardApi.exportUrl(kind, 'xlsx', lang)}>
              {t('dashboard.exportXlsx')}
            </Button>
          </>
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {d && d.unavailable.length > 0 && <Alert type="warning" showIcon message={t('dashboard.unavailable', { parts: partNames(d.unavailable) })} style={{ marginBottom: 16 }} />}
      {!d && loading && <Spin />}
      {d && charts && (
        <div data-testid={`dashboard-${kind}`}>
          <Row gutter={[16, 16]}>
            {kind === 'supervision' && (
              <Col xs={12} md={6}>
                <Card><Statistic title={t('dashboard.kpi.violations')} value={na(d.violations?.total)} /></Card>
              </Col>
            )}
            <Col xs={12} md={6}>
              <Card><Statistic title={t('dashboard.kpi.overdueUpdates')} value={na(d.overdueUpdates?.total)} valueStyle={d.overdueUpdates?.total ? { color: '#cf1322' } : undefined} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card><Statistic title={t('dashboard.kpi.pending')} value={na(pendingTotal)} /></Card>
            </Col>
            <Col xs={12} md={6}>
              <Card><Statistic title={t('dashboard.kpi.overdueTasks')} value={na(overdueTotal)} valueStyle={overdueTotal ? { color: '#cf1322' } : undefined} /></Card>
            </Col>
            {kind === 'authority' && (
              <Col xs={12} md={6}>
                <Card><Statistic title={t('dashboard.kpi.calls')} value={na(callsTotal)} /></Card>
              </Col>
            )}
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            {kind === 'supervision' && (
              <>
                <ChartCard title={t('dashboard.chart.violationsByCategory')} option={charts.violationsByCategory} testId="chart-violations-category" />
                <ChartCard title={t('dashboard.chart.violationsByUnit')} option={charts.violationsByUnit} testId="chart-violations-unit" />
              </>
            )}
            <ChartCard title={t('dashboard.chart.pendingByKind')} option={charts.pendingByKind} testId="chart-pending-kind" />
            <ChartCard title={t('dashboard.chart.pendingByUnit')} option={charts.pendingByUnit} testId="chart-pending-unit" />
            <ChartCard title={t('dashboard.chart.overdueByUnit')} option={charts.overdueByUnit} testId="chart-overdue-unit" />
            <ChartCard title={t('dashboard.chart.monthly', { year: d.year })} option={charts.monthly} testId="chart-usage-monthly" />
            <ChartCard title={t('dashboard.chart.daily')} option={charts.daily} testId="chart-usage-daily" />
            <ChartCard title={t('dashboard.chart.topConsumers')} option={charts.topConsumers} testId="chart-top-consumers" />
            <Col xs={24} lg={12}>
              <Card title={d.evaluation ? t('dashboard.chart.ranking', { year: d.evaluation.year, version: d.evaluation.version }) : t('dashboard.chart.noEvaluation')} size="small">
                {d.evaluation ? (
                  <>
                    <EChart option={charts.grades!} height={220} testId="chart-grades" />
                    <Table
                      size="small"
                      rowKey="unitId"
                      pagination={{ pageSize: 5, size: 'small' }}
                      dataSource={d.evaluation.ranking}
                      columns={[
                        { title: '#', dataIndex: 'rank', width: 50 },
                        { title: t('report.figure.unit'), dataIndex: 'unitName' },
                        { title: t('report.figure.score'), dataIndex: 'total', align: 'right', render: (v: number) => v.toFixed(2) },
                        { title: t('report.figure.grade'), dataIndex: 'grade', render: (g: string) => <Tag color={GRADE_COLOR[g]}>{gradeLabel(g)}</Tag> },
                      ]}
                    />
                  </>
                ) : (
                  <Empty description={t('dashboard.chart.noEvaluation')} />
                )}
              </Card>
            </Col>
          </Row>
          {d.overdueUpdates && d.overdueUpdates.items.length > 0 && (
            <Card title={t('dashboard.kpi.overdueUpdates')} size="small" style={{ marginTop: 16 }}>
              <Table
                size="small"
                rowKey="resourceCode"
                pagination={false}
                dataSource={d.overdueUpdates.items}
                columns={[
                  { title: t('dashboard.overdueTable.resource'), dataIndex: 'name', render: (v: string, r) => `${v}（${r.resourceCode}）` },
                  { title: t('dashboard.overdueTable.provider'), dataIndex: 'providerUnitName' },
                  { title: t('dashboard.overdueTable.dueAt'), dataIndex: 'dueAt', render: (v: string) => formatTime(v) },
                  { title: t('dashboard.overdueTable.days'), dataIndex: 'daysOverdue', align: 'right' },
                ]}
              />
            </Card>
          )}
        </div>
      )}
    </>
  );
}

function ChartCard({ title, option, testId }: { title: string; option: ReturnType<typeof barOption> | null; testId: string }) {
  const { t } = useTranslation();
  return (
    <Col xs={24} lg={12}>
      <Card title={title} size="small">
        {option ? <EChart option={option} height={260} testId={testId} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} style={{ height: 228 }} />}
      </Card>
    </Col>
  );
}

type T = (key: string, opts?: Record<string, unknown>) => string;

/** 优秀 / 良好 / 合格 / 不合格 from the evaluation namespace (its keys), else the code. */
function gradeLabel(g: string): string {
  const key = `evaluation.grade.${g}`;
  return i18n.exists(key) ? String(i18n.t(key as never)) : g;
}

/** Chart options from the dashboard answer; null where there is nothing to draw. */
function buildCharts(d: Dashboard, t: T, kindLabel: (k: string) => string) {
  const nonEmpty = <X,>(list: X[] | undefined | null) => (list && list.length ? list : null);
  const unitName = (u: { unitId: string | null; unitName: string | null }) => u.unitName ?? (u.unitId ? u.unitId : t('dashboard.cityWide'));
  const pk = nonEmpty(d.pending?.byKind);
  const pu = nonEmpty(d.pending?.byUnit?.slice(0, 10));
  const ou = nonEmpty(d.overdueUpdates?.byUnit?.slice(0, 10));
  const vc = nonEmpty(d.violations?.byCategory);
  const vu = nonEmpty(d.violations?.byUnit?.slice(0, 10));
  const tc = nonEmpty(d.usage?.topConsumers);
  return {
    pendingByKind: pk && barOption(pk.map((x) => kindLabel(x.kind)), [
      { name: t('dashboard.series.open'), values: pk.map((x) => x.open - x.overdue), stack: 'a', color: '#1677ff' },
      { name: t('dashboard.series.overdue'), values: pk.map((x) => x.overdue), stack: 'a', color: '#cf1322' },
    ]),
    pendingByUnit: pu && barOption(pu.map(unitName), [
      { name: t('dashboard.series.open'), values: pu.map((x) => x.open - x.overdue), stack: 'a', color: '#1677ff' },
      { name: t('dashboard.series.overdue'), values: pu.map((x) => x.overdue), stack: 'a', color: '#cf1322' },
    ], { horizontal: true }),
    overdueByUnit: ou && barOption(ou.map(unitName), [{ name: t('dashboard.series.count'), values: ou.map((x) => x.count), color: '#fa8c16' }], { horizontal: true }),
    violationsByCategory: vc && pieOption(vc.map((x) => ({ name: t('dashboard.category', { n: x.category }), value: x.count }))),
    violationsByUnit: vu && barOption(vu.map((x) => x.unitName ?? x.unitId), [
      { name: t('dashboard.series.confirmed'), values: vu.map((x) => x.confirmed), color: '#fa541c' },
      { name: t('dashboard.series.serious'), values: vu.map((x) => x.serious), color: '#a8071a' },
    ], { horizontal: true }),
    monthly: d.usage ? lineOption(d.usage.monthly.map((m) => m.month), [{ name: t('dashboard.series.calls'), values: d.usage.monthly.map((m) => m.calls), area: true }]) : null,
    daily: d.usage ? barOption(d.usage.daily.map((x) => x.day.slice(5)), [{ name: t('dashboard.series.calls'), values: d.usage.daily.map((x) => x.calls) }]) : null,
    topConsumers: tc && barOption(tc.map(unitName), [{ name: t('dashboard.series.calls'), values: tc.map((x) => x.calls), color: '#13c2c2' }], { horizontal: true }),
    grades: d.evaluation ? pieOption(Object.entries(d.evaluation.grades).map(([g, n]) => ({ name: gradeLabel(g), value: n }))) : null,
  };
}
