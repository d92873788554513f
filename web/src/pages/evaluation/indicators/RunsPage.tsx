import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { RunStateTag } from './components';
import { evaluationApi, type RunState, type RunSummary } from './evaluationApi';

/** 年度评估: runs per year with their state; the authority runs a year's evaluation. */
export default function RunsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [runYear, setRunYear] = useState<number>(thisYear);
  const [items, setItems] = useState<RunSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isAuthority = hasAnyRole(me, ['authority_reviewer']);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await evaluationApi.list(year)).items);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [year]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async () => {
    setRunning(true);
    try {
      const r = await evaluationApi.run(runYear);
      message.success(t('evaluation.runs.ran', { year: r.year, version: r.version }));
      navigate(`/evaluation/runs/${r.id}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  return (
    <>
      <PageHeader
        title={t('evaluation.runs.title')}
        description={t('evaluation.runs.description')}
        extra={
          isAuthority && (
            <Space>
              <span>{t('evaluation.runs.year')}</span>
              <InputNumber min={2000} max={thisYear} value={runYear} onChange={(v) => v && setRunYear(v)} data-testid="run-year" />
              <Popconfirm title={t('evaluation.runs.runConfirm', { year: runYear })} onConfirm={run}>
                <Button type="primary" icon={<PlayCircleOutlined />} loading={running} data-testid="run-evaluation">
                  {t('evaluation.runs.run')}
                </Button>
              </Popconfirm>
            </Space>
          )
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Space style={{ marginBottom: 12 }}>
        <Select<number | undefined>
          style={{ width: 160 }}
          value={year}
          onChange={setYear}
          options={[{ value: undefined, label: t('evaluation.runs.all') }, ...years.map((y) => ({ value: y, label: String(y) }))]}
        />
      </Space>
      <Table<RunSummary>
        rowKey="id"
        loading={loading}
        dataSource={items}
        locale={{ emptyText: t('evaluation.runs.empty') }}
        pagination={false}
        columns={[
          { title: t('evaluation.runs.year'), dataIndex: 'year', width: 90 },
          { title: t('evaluation.runs.version'), dataIndex: 'version', width: 80 },
          { title: t('evaluation.runs.state'), dataIndex: 'state', width: 130, render: (s: RunState) => <RunStateTag state={s} /> },
          { title: t('evaluation.runs.units'), dataIndex: 'units', width: 90 },
          { title: t('evaluation.runs.settingsVersion'), dataIndex: 'settingsVersion', width: 100 },
          { title: t('evaluation.runs.computedAt'), dataIndex: 'computedAt', render: (v: string) => <Time value={v} /> },
          { title: t('evaluation.runs.publishedAt'), dataIndex: 'publishedAt', render: (v: string | null) => <Time value={v} /> },
          { title: '', key: 'open', width: 80, render: (_: unknown, r: RunSummary) => <Link to={`/evaluation/runs/${r.id}`}>{t('evaluation.runs.open')}</Link> },
        ]}
      />
    </>
  );
}
