import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { GradeTag } from './components';
import { INDICATORS, INDICATOR_GROUP, evaluationApi, type Indicator, type UnitBreakdown } from './evaluationApi';

interface Cycle { resourceCode: string; start: string; dueAt: string; updatedAt: string | null; met: boolean; delayDays: number }
interface TaskFact { id: string; itemKind: string; itemId: string; step: string; title: string; dueAt: string; closedAt: string | null; onTime: boolean }
interface ResourceFact { code: string; name: string; sharingType: string; dataItems: number; records: number }
interface UsageFact { byResource: { resourceCode: string; calls: number; rows: number; refused: number }[]; consumers: string[]; systems: string[]; downloads: number }
interface SubFact { id: string; resourceCode: string; ownerUnitId: string; state: string; createdAt: string }

/** One unit's score in a run: each indicator's value, formula, score, and the records behind it. */
export default function UnitPage() {
  const { id = '', unitId = '' } = useParams();
  const { t } = useTranslation();
  const [data, setData] = useState<UnitBreakdown | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    evaluationApi.unit(id, unitId).then(setData, (e) => setError(errorMessage(e)));
  }, [id, unitId]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!data) return <Spin />;
  const { result, settings, best, evidence, run } = data;
  const rows = INDICATORS.map((i) => ({ indicator: i, ...result.indicators[i], setting: settings.indicators[i], best: best[i] }));
  const ev = evidence as Record<string, unknown>;
  const cycles = (ev.update_timeliness as Cycle[] | undefined) ?? [];
  const tasks = (ev.responsiveness as TaskFact[] | undefined) ?? [];
  const resources = (ev.non_shared_share as ResourceFact[] | undefined) ?? [];
  const usage = ev.usage_calls as UsageFact | undefined;
  const subs = (ev.subscriptions as SubFact[] | undefined) ?? [];
  const comp = ev.compliance as { confirmed: number; serious: number } | undefined;
  const train = ev.training as { sessions: number; people: number } | undefined;
  const quality = ev.quality as { upheld: number; notUpheld: number } | undefined;
  const section = (title: string, node: ReactNode) => (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      {node}
    </Card>
  );

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('evaluation.unit.title', { unit: result.unitName, year: run.year })}
            <GradeTag grade={result.grade} />
          </Space>
        }
        extra={<Link to={`/evaluation/runs/${run.id}`}>{t('evaluation.unit.back')}</Link>}
      />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('evaluation.run.rank')}>{result.rank}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.run.total')}>
          <Typography.Text strong data-testid="unit-total">
            {result.total.toFixed(2)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.runs.version')}>{run.version}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="indicator"
        size="small"
        pagination={false}
        style={{ marginBottom: 16 }}
        dataSource={rows}
        columns={[
          { title: t('evaluation.unit.group'), dataIndex: 'indicator', render: (i: Indicator) => t(`evaluation.group.${INDICATOR_GROUP[i]}`) },
          { title: t('evaluation.unit.indicator'), dataIndex: 'indicator', render: (i: Indicator) => t(`evaluation.indicator.${i}`) },
          { title: t('evaluation.unit.value'), dataIndex: 'value', render: (v: number | null) => (v === null ? <Tag>{t('evaluation.unit.noCase')}</Tag> : v) },
          { title: t('evaluation.unit.exact'), dataIndex: 'exact', render: (v: string | null) => v ?? '—' },
          { title: t('evaluation.unit.best'), dataIndex: 'best', render: (v: number | null | undefined) => (v === undefined || v === null ? '—' : v) },
          { title: t('evaluation.unit.formula'), key: 'formula', render: (_: unknown, r: (typeof rows)[number]) => t(`evaluation.formula.${r.setting.formula}`) },
          { title: t('evaluation.unit.weight'), key: 'weight', render: (_: unknown, r: (typeof rows)[number]) => r.setting.weight },
          { title: t('evaluation.unit.score'), dataIndex: 'score', render: (v: number) => v.toFixed(2) },
          { title: t('evaluation.unit.weighted'), key: 'weighted', render: (_: unknown, r: (typeof rows)[number]) => ((r.score * r.setting.weight) / 100).toFixed(4) },
        ]}
      />
      <Typography.Title level={5}>{t('evaluation.unit.records')}</Typography.Title>
      {section(
        t('evaluation.unit.resources'),
        <Table<ResourceFact>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={resources}
          columns={[
            { title: t('evaluation.unit.resource'), dataIndex: 'code', render: (c: string, r) => <Link to={`/catalog/resources/${c}`}>{`${c} ${r.name}`}</Link> },
            { title: t('evaluation.unit.sharingType'), dataIndex: 'sharingType' },
            { title: t('evaluation.unit.items'), dataIndex: 'dataItems' },
            { title: t('evaluation.unit.rows'), dataIndex: 'records' },
          ]}
        />,
      )}
      {section(
        t('evaluation.unit.cycles'),
        <Table<Cycle>
          rowKey={(c) => `${c.resourceCode}-${c.dueAt}`}
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={cycles}
          columns={[
            { title: t('evaluation.unit.resource'), dataIndex: 'resourceCode' },
            { title: t('evaluation.unit.start'), dataIndex: 'start', render: (v: string) => <Time value={v} /> },
            { title: t('evaluation.unit.due'), dataIndex: 'dueAt', render: (v: string) => <Time value={v} /> },
            { title: t('evaluation.unit.updated'), dataIndex: 'updatedAt', render: (v: string | null) => <Time value={v} /> },
            { title: '', dataIndex: 'met', render: (m: boolean) => (m ? <Tag color="green">{t('evaluation.unit.met')}</Tag> : <Tag color="red">{t('evaluation.unit.late')}</Tag>) },
            { title: t('evaluation.unit.delay'), dataIndex: 'delayDays' },
          ]}
        />,
      )}
      {section(
        t('evaluation.unit.usage'),
        <>
          <Table
            rowKey="resourceCode"
            size="small"
            pagination={false}
            dataSource={usage?.byResource ?? []}
            columns={[
              { title: t('evaluation.unit.resource'), dataIndex: 'resourceCode' },
              { title: t('evaluation.unit.calls'), dataIndex: 'calls' },
              { title: t('evaluation.unit.rows'), dataIndex: 'rows' },
              { title: t('evaluation.unit.refused'), dataIndex: 'refused' },
            ]}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('evaluation.unit.consumers')}>{usage?.consumers.length ?? 0}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.unit.systems')}>{usage?.systems.length ?? 0}</Descriptions.Item>
            <Descriptions.Item label={t('evaluation.indicator.downloads')}>{usage?.downloads ?? 0}</Descriptions.Item>
          </Descriptions>
        </>,
      )}
      {section(
        t('evaluation.unit.subscriptions'),
        <Table<SubFact>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={subs}
          columns={[
            { title: t('evaluation.unit.resource'), dataIndex: 'resourceCode' },
            { title: t('evaluation.unit.owner'), dataIndex: 'ownerUnitId' },
            { title: t('evaluation.runs.state'), dataIndex: 'state' },
            { title: t('evaluation.unit.created'), dataIndex: 'createdAt', render: (v: string) => <Time value={v} /> },
          ]}
        />,
      )}
      {section(
        t('evaluation.unit.tasks'),
        <Table<TaskFact>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={tasks}
          columns={[
            { title: t('evaluation.unit.task'), dataIndex: 'title' },
            { title: t('evaluation.unit.kind'), dataIndex: 'itemKind' },
            { title: t('evaluation.unit.due'), dataIndex: 'dueAt', render: (v: string) => <Time value={v} /> },
            { title: t('evaluation.unit.closed'), dataIndex: 'closedAt', render: (v: string | null) => <Time value={v} /> },
            { title: '', dataIndex: 'onTime', render: (m: boolean) => (m ? <Tag color="green">{t('evaluation.unit.met')}</Tag> : <Tag color="red">{t('evaluation.unit.late')}</Tag>) },
          ]}
        />,
      )}
      {section(
        `${t('evaluation.group.quality')} · ${t('evaluation.group.compliance')} · ${t('evaluation.group.training')}`,
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('evaluation.unit.upheld')}>{quality?.upheld ?? 0}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.unit.notUpheld')}>{quality?.notUpheld ?? 0}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.unit.violations')}>{comp?.confirmed ?? 0}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.unit.serious')}>{comp?.serious ?? 0}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.unit.trainingSessions')}>{train?.sessions ?? 0}</Descriptions.Item>
          <Descriptions.Item label={t('evaluation.unit.trainingPeople')}>{train?.people ?? 0}</Descriptions.Item>
        </Descriptions>,
      )}
    </>
  );
}
