import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Spin } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { apiUrl, errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { RankingChart, RankingTable, RunStateTag } from './components';
import { evaluationApi, type RunDetail } from './evaluationApi';

const OVERSEERS = ['authority_reviewer', 'supervisor', 'platform_admin', 'leader'] as const;

/** One evaluation run: ranking chart and table, grades, publication, exports, drill-down links. */
export default function RunPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isAuthority = hasAnyRole(me, ['authority_reviewer']);
  const oversees = hasAnyRole(me, OVERSEERS);

  const load = useCallback(async () => {
    try {
      setRun(await evaluationApi.get(id));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const publish = async () => {
    setBusy(true);
    try {
      setRun(await evaluationApi.publish(id));
      message.success(t('evaluation.run.published'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const discard = async () => {
    try {
      await evaluationApi.discard(id);
      message.success(t('evaluation.run.discarded'));
      navigate('/evaluation/runs');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!run) return <Spin />;
  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('evaluation.run.title', { year: run.year, version: run.version })}
            <RunStateTag state={run.state} />
          </Space>
        }
        extra={
          <>
            <Button icon={<FileExcelOutlined />} href={apiUrl(`/evaluation/runs/${run.id}/export`, { format: 'xlsx' })}>
              {t('evaluation.run.exportXlsx')}
            </Button>
            <Button icon={<FilePdfOutlined />} href={apiUrl(`/evaluation/runs/${run.id}/export`, { format: 'pdf' })}>
              {t('evaluation.run.exportPdf')}
            </Button>
            {isAuthority && run.state === 'draft' && (
              <>
                <Popconfirm title={t('evaluation.run.discardConfirm')} onConfirm={discard}>
                  <Button danger icon={<DeleteOutlined />}>
                    {t('evaluation.run.discard')}
                  </Button>
                </Popconfirm>
                <Popconfirm title={t('evaluation.run.publishConfirm')} onConfirm={publish} okButtonProps={{ 'data-testid': 'publish-confirm' } as never}>
                  <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} data-testid="publish-run">
                    {t('evaluation.run.publish')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('evaluation.run.period')}>
          {/* The period is the evaluated year in China Standard Time, whatever the browser's zone. */}
          {`${run.year}-01-01 – ${run.year}-12-31`}
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.runs.computedAt')}>
          <Time value={run.computedAt} />
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.runs.publishedAt')}>
          <Time value={run.publishedAt} />
        </Descriptions.Item>
      </Descriptions>
      <Alert type="info" showIcon message={t('evaluation.run.frozen')} style={{ marginBottom: 16 }} />
      <Card title={t('evaluation.run.chart')} style={{ marginBottom: 16 }}>
        <RankingChart run={run} />
      </Card>
      <Card title={t('evaluation.run.ranking')}>
        <RankingTable run={run} canDrill={(unitId) => oversees || unitId === me.unitId} />
      </Card>
    </>
  );
}
