import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Input, Modal, Result, Row, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { ResourceDetail, ResourceDiff, TimelineEntry } from '../../catalogTypes';
import { catalogApi } from './catalogApi';
import {
  AccessBox,
  ChangeKindTag,
  DataItemsTable,
  ResourceMetadata,
  StateTag,
  useDataElements,
  VersionDiffView,
  WorkflowTimeline,
} from './components';

type Decision = 'approve' | 'return';

export default function ReviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const code = useParams()['*'] ?? '';
  const [params] = useSearchParams();
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const [r, setR] = useState<ResourceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [diff, setDiff] = useState<{ from: number; diff: ResourceDiff } | null>(null);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const [acting, setActing] = useState(false);
  const elements = useDataElements();
  const units = useAllUnits();
  const unitNames = useMemo(() => new Map(units.items.map((u) => [u.id, u.name])), [units.items]);
  const isReviewer = hasAnyRole(me, ['authority_reviewer']);

  useEffect(() => {
    let live = true;
    (async () => {
      const res = await catalogApi.resource(code, version);
      if (!live) return;
      setR(res);
      const published = res.versions.find((v) => v.state === 'published');
      if (published && published.version !== res.version) {
        const d = await catalogApi.diff(code, published.version, res.version);
        if (live) setDiff({ from: published.version, diff: d });
      } else setDiff(null);
    })().catch((e: unknown) => live && setError(errorMessage(e)));
    catalogApi
      .timeline(code)
      .then((tl) => live && setTimeline(tl))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [code, version]);

  if (error) {
    return (
      <Result
        status="error"
        title={t('catalog.detail.loadFailed')}
        subTitle={error}
        extra={
          <Link to="/catalog/review">
            <Button type="primary">{t('catalog.review.backToQueue')}</Button>
          </Link>
        }
      />
    );
  }
  if (!r) return <Spin className="gs-page-spin" />;

  const canDecide = isReviewer && r.state === 'submitted';
  const decide = async () => {
    if (!decision) return;
    setActing(true);
    try {
      await catalogApi.act(r.code, decision, comment.trim() || undefined);
      message.success(t(`catalog.review.done.${decision}`, { name: r.name }));
      setDecision(null);
      navigate('/catalog/review');
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setActing(false);
    }
  };
  const open = (d: Decision) => {
    setComment('');
    setDecision(d);
  };

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span>{t('catalog.review.pageTitle', { name: r.name })}</span>
            <StateTag state={r.state} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{r.code}</span> · v{r.version} · {r.providerUnitName}
          </span>
        }
        extra={
          <>
            <Link to="/catalog/review">
              <Button icon={<ArrowLeftOutlined />}>{t('catalog.review.backToQueue')}</Button>
            </Link>
            {canDecide && (
              <>
                <Button danger icon={<RollbackOutlined />} onClick={() => open('return')} data-testid="review-return">
                  {t('catalog.action.return')}
                </Button>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => open('approve')} data-testid="review-approve">
                  {t('catalog.action.approve')}
                </Button>
              </>
            )}
          </>
        }
      />
      {!canDecide && (
        <Alert
          type="info"
          showIcon
          message={isReviewer ? t('catalog.review.notSubmitted', { state: t(`catalog.state.${r.state}`) }) : t('catalog.review.readOnly')}
        />
      )}
      {r.changeKind === 'withdraw' && <Alert type="warning" showIcon message={t('catalog.review.withdrawNotice')} description={r.comment ?? undefined} />}
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          {diff && r.changeKind !== 'withdraw' && (
            <Card
              size="small"
              title={t('catalog.review.diffTitle', { from: diff.from, to: r.version })}
              className="gs-side-card gs-diff-card"
              data-testid="review-diff"
            >
              <VersionDiffView diff={diff.diff} fromLabel={t('catalog.review.publishedVersion', { version: diff.from })} toLabel={t('catalog.review.thisVersion', { version: r.version })} />
            </Card>
          )}
          <Card size="small" title={t('catalog.detail.metadata')} className="gs-side-card">
            <ResourceMetadata r={r} />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card size="small" title={t('catalog.review.submission')} className="gs-side-card">
            <Descriptions column={1} size="small" styles={{ label: { width: 96 } }}>
              <Descriptions.Item label={t('catalog.field.provider')}>{r.providerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('catalog.review.kind')}>
                <ChangeKindTag kind={r.changeKind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('catalog.field.submittedAt')}>
                <Time value={r.submittedAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('catalog.field.version')}>v{r.version}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('catalog.access.title')} className="gs-side-card">
            <AccessBox r={r} unitNames={unitNames} />
          </Card>
          <Card size="small" title={t('catalog.timeline.title')} className="gs-side-card">
            <WorkflowTimeline entries={timeline} />
          </Card>
        </Col>
      </Row>
      <Card
        size="small"
        title={
          <Space>
            {t('catalog.detail.dataItems')}
            <Badge count={r.dataItems.length} showZero color="#1a5fb4" />
          </Space>
        }
        className="gs-side-card"
      >
        <DataItemsTable items={r.dataItems} providerUnitId={r.providerUnitId} elements={elements.byCode} duplicates={r.duplicateItems} />
      </Card>
      <Modal
        open={decision !== null}
        title={decision === 'return' ? t('catalog.review.returnTitle', { name: r.name }) : t('catalog.review.approveTitle', { name: r.name })}
        onCancel={() => setDecision(null)}
        onOk={() => void decide()}
        okText={decision === 'return' ? t('catalog.action.return') : t('catalog.action.approve')}
        okButtonProps={{ danger: decision === 'return', disabled: decision === 'return' && !comment.trim(), 'data-testid': 'review-decision-ok' }}
        cancelText={t('common.cancel')}
        confirmLoading={acting}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{decision === 'return' ? t('catalog.review.returnHelp') : t('catalog.review.approveHelp')}</Typography.Paragraph>
        <Input.TextArea
          rows={4}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={2000}
          showCount
          placeholder={decision === 'return' ? t('catalog.review.commentRequired') : t('catalog.review.commentOptional')}
          status={decision === 'return' && !comment.trim() ? 'warning' : undefined}
          data-testid="review-comment"
          aria-label={t('catalog.review.comment')}
        />
      </Modal>
    </div>
  );
}
