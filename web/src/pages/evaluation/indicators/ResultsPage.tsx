import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Col, Empty, Row, Spin, Statistic, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { GradeTag, RankingChart, RankingTable } from './components';
import { evaluationApi, type RunDetail } from './evaluationApi';

/** 评估结果公示: the latest published evaluation for every signed-in user, with the own unit's score. */
export default function ResultsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [run, setRun] = useState<RunDetail | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const oversees = hasAnyRole(me, ['authority_reviewer', 'supervisor', 'platform_admin', 'leader']);

  useEffect(() => {
    evaluationApi.latest().then(setRun, (e) => (e instanceof ApiError && e.status === 404 ? setRun(null) : setError(errorMessage(e))));
  }, []);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (run === undefined) return <Spin />;
  const mine = run && me.unitId ? run.results.find((r) => r.unitId === me.unitId) : undefined;
  return (
    <>
      <PageHeader title={t('evaluation.results.title')} description={t('evaluation.results.description')} />
      {!run ? (
        <Empty description={t('evaluation.results.none')} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }} title={t('evaluation.run.title', { year: run.year, version: run.version })}>
            {me.unitId && (
              <Row gutter={16}>
                {mine ? (
                  <>
                    <Col span={6}>
                      <Statistic title={t('evaluation.results.mine')} value={mine.total} precision={2} />
                    </Col>
                    <Col span={6}>
                      <Statistic title={t('evaluation.run.rank')} value={mine.rank} suffix={`/ ${run.results.length}`} />
                    </Col>
                    <Col span={12}>
                      <Space direction="vertical">
                        <GradeTag grade={mine.grade} />
                        <Link to={`/evaluation/runs/${run.id}/units/${mine.unitId}`}>{t('evaluation.results.myDetail')}</Link>
                      </Space>
                    </Col>
                  </>
                ) : (
                  <Col span={24}>{t('evaluation.results.notEvaluated')}</Col>
                )}
              </Row>
            )}
          </Card>
          <Card title={t('evaluation.run.chart')} style={{ marginBottom: 16 }}>
            <RankingChart run={run} />
          </Card>
          <Card title={t('evaluation.run.ranking')}>
            <RankingTable run={run} canDrill={(unitId) => oversees || unitId === me.unitId} />
          </Card>
        </>
      )}
    </>
  );
}
