import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { EChart } from './EChart';
import type { Grade, RunDetail, RunState, UnitResult } from './evaluationApi';

const GRADE_COLORS: Record<Grade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };
const STATE_COLORS: Record<RunState, string> = { draft: 'default', published: 'green', superseded: 'orange' };

export function GradeTag({ grade }: { grade: Grade }) {
  const { t } = useTranslation();
  return <Tag color={GRADE_COLORS[grade]}>{t(`evaluation.grade.${grade}`)}</Tag>;
}

export function RunStateTag({ state }: { state: RunState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{t(`evaluation.state.${state}`)}</Tag>;
}

/** The ranking as a horizontal bar chart: best at the top. */
export function RankingChart({ run }: { run: RunDetail }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const rows = [...run.results].reverse();
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, name: t('evaluation.run.total') },
      yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.unitName}`) },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => ({ value: r.total, itemStyle: { color: { excellent: '#52c41a', good: '#1677ff', pass: '#faad14', fail: '#ff4d4f' }[r.grade] } })),
          label: { show: true, position: 'right', formatter: '{c}' },
        },
      ],
    };
  }, [run, t]);
  return <EChart option={option} height={Math.max(240, run.results.length * 28 + 40)} testId="ranking-chart" />;
}

export function RankingTable({ run, canDrill }: { run: RunDetail; canDrill: (unitId: string) => boolean }) {
  const { t } = useTranslation();
  return (
    <Table<UnitResult>
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={run.results}
      columns={[
        { title: t('evaluation.run.rank'), dataIndex: 'rank', width: 70 },
        { title: t('evaluation.run.unit'), dataIndex: 'unitName' },
        { title: t('evaluation.run.total'), dataIndex: 'total', width: 100, render: (v: number) => v.toFixed(2) },
        { title: t('evaluation.run.grade'), dataIndex: 'grade', width: 100, render: (g: Grade) => <GradeTag grade={g} /> },
        {
          title: '',
          key: 'detail',
          width: 110,
          render: (_: unknown, r: UnitResult) => (canDrill(r.unitId) ? <Link to={`/evaluation/runs/${run.id}/units/${r.unitId}`}>{t('evaluation.run.detail')}</Link> : null),
        },
      ]}
    />
  );
}
