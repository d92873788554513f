import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, Radio, Result, Row, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DownloadOutlined, RollbackOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { catalogApi } from '../../catalog/catalogApi';
import { Timeline } from '../workflow/Timeline';
import { TaskList } from '../workflow/TaskList';
import { fileSize, ObjectionStateTag, ObjectionSteps, OutcomeTag } from './components';
import { objectionApi, type AnswerKind, type Evidence, type ObjectionDetail } from './objectionApi';

/** One objection: its content and evidence, the progress bar, the panel for whoever acts next, its timeline and open tasks. */
export default function ObjectionDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = useParams().id ?? '';
  const [o, setO] = useState<ObjectionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [answerKind, setAnswerKind] = useState<AnswerKind | null>(null);
  const [upheld, setUpheld] = useState<boolean | null>(null);
  const [conclusion, setConclusion] = useState('');
  const [itemNames, setItemNames] = useState<Map<string, string>>(new Map());

  const load = useCallback(async () => {
    try {
      setO(await objectionApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Data item names for the codes concerned (the objection stores codes; the catalog names them).
  const resourceCode = o?.resourceCode;
  useEffect(() => {
    if (!resourceCode) return;
    let live = true;
    catalogApi
      .resource(resourceCode)
      .then((r) => live && setItemNames(new Map(r.dataItems.map((i) => [i.code, i.name]))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [resourceCode]);

  if (error && !o) {
    return (
      <Result
        status="warning"
        title={t('objection.detail.loadFailed')}
        subTitle={error}
        extra={
          <Link to="/sharing/objections">
            <Button type="primary">{t('objection.detail.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!o) return <Spin className="gs-page-spin" />;

  const act = async (run: () => Promise<ObjectionDetail>) => {
    setBusy(true);
    try {
      setO(await run());
      setText('');
      setConclusion('');
      setAnswerKind(null);
      setUpheld(null);
      setReloadKey((k) => k + 1);
      message.success(t('objection.panel.done'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const can = (a: ObjectionDetail['actions'][number]) => o.actions.includes(a);
  const none = t('objection.detail.none');
  const panels: ReactNode[] = [];

  if (can('accept') || can('reject')) {
    const again = o.state === 'disputed';
    panels.push(
      <Card key="accept" size="small" title={t('objection.panel.acceptTitle')} className="gs-side-card" data-testid="objection-panel-accept">
        <Typography.Paragraph type="secondary">{again ? t('objection.panel.reacceptHint') : t('objection.panel.acceptHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={can('reject') ? `${t('objection.panel.comment')} / ${t('objection.panel.reason')}` : t('objection.panel.comment')} data-testid="objection-comment" />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" icon={again ? <RollbackOutlined /> : <CheckOutlined />} loading={busy} onClick={() => void act(() => objectionApi.accept(o.id, text.trim() || undefined))} data-testid="objection-accept">
            {t('objection.action.accept')}
          </Button>
          {can('reject') && (
            <Button danger icon={<CloseOutlined />} disabled={!text.trim()} loading={busy} onClick={() => void act(() => objectionApi.reject(o.id, text.trim()))} data-testid="objection-reject">
              {t('objection.action.reject')}
            </Button>
          )}
        </Space>
      </Card>,
    );
  }
  if (can('answer')) {
    panels.push(
      <Card key="answer" size="small" title={t('objection.panel.answerTitle')} className="gs-side-card" data-testid="objection-panel-answer">
        <Typography.Paragraph type="secondary">{t('objection.panel.answerHint')}</Typography.Paragraph>
        <Radio.Group value={answerKind} onChange={(e) => setAnswerKind(e.target.value as AnswerKind)} style={{ marginBottom: 12 }}>
          <Radio value="corrected" data-testid="objection-answer-corrected">
            {t('objection.answerKind.corrected')}
          </Radio>
          <Radio value="explained" data-testid="objection-answer-explained">
            {t('objection.answerKind.explained')}
          </Radio>
        </Radio.Group>
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('objection.panel.answerText')} data-testid="objection-answer-text" />
        <Button
          type="primary"
          icon={<SendOutlined />}
          style={{ marginTop: 12 }}
          disabled={!answerKind || !text.trim()}
          loading={busy}
          onClick={() => answerKind && void act(() => objectionApi.answer(o.id, answerKind, text.trim()))}
          data-testid="objection-answer-submit"
        >
          {t('objection.action.answer')}
        </Button>
      </Card>,
    );
  }
  if (can('acknowledge') || can('dispute')) {
    panels.push(
      <Card key="feedback" size="small" title={t('objection.panel.feedbackTitle')} className="gs-side-card" data-testid="objection-panel-feedback">
        <Typography.Paragraph type="secondary">{t('objection.panel.feedbackHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={`${t('objection.panel.comment')} / ${t('objection.panel.disputeReason')}`} data-testid="objection-feedback-text" />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void act(() => objectionApi.acknowledge(o.id, text.trim() || undefined))} data-testid="objection-acknowledge">
            {t('objection.action.acknowledge')}
          </Button>
          {can('dispute') && (
            <Button danger disabled={!text.trim()} loading={busy} onClick={() => void act(() => objectionApi.dispute(o.id, text.trim()))} data-testid="objection-dispute">
              {t('objection.action.dispute')}
            </Button>
          )}
        </Space>
      </Card>,
    );
  }
  if (can('close')) {
    panels.push(
      <Card key="close" size="small" title={t('objection.panel.closeTitle')} className="gs-side-card" data-testid="objection-panel-close">
        <Typography.Paragraph type="secondary">{t('objection.panel.closeHint')}</Typography.Paragraph>
        <Radio.Group value={upheld} onChange={(e) => setUpheld(e.target.value as boolean)} style={{ marginBottom: 12 }}>
          <Radio value={true} data-testid="objection-close-upheld">
            {t('objection.panel.upheld')}
          </Radio>
          <Radio value={false} data-testid="objection-close-not-upheld">
            {t('objection.panel.notUpheld')}
          </Radio>
        </Radio.Group>
        <Input.TextArea rows={3} maxLength={2000} value={conclusion} onChange={(e) => setConclusion(e.target.value)} placeholder={t('objection.panel.conclusion')} data-testid="objection-conclusion" />
        <Button
          type="primary"
          icon={<CheckOutlined />}
          style={{ marginTop: 12 }}
          disabled={upheld === null || !conclusion.trim()}
          loading={busy}
          onClick={() => upheld !== null && void act(() => objectionApi.close(o.id, upheld, conclusion.trim()))}
          data-testid="objection-close-submit"
        >
          {t('objection.action.close')}
        </Button>
      </Card>,
    );
  }

  const evidenceColumns = [
    {
      title: t('objection.evidence.name'),
      dataIndex: 'name',
      render: (_: unknown, e: Evidence) => (
        <a href={objectionApi.evidenceUrl(o.id, e.id)} download={e.name} data-testid="objection-evidence-link">
          <DownloadOutlined /> {e.name}
        </a>
      ),
    },
    { title: t('objection.evidence.party'), dataIndex: 'party', width: 110, render: (p: Evidence['party']) => <Tag>{t(`objection.evidence.${p}`)}</Tag> },
    { title: t('objection.evidence.size'), dataIndex: 'bytes', width: 100, render: (b: number) => fileSize(b) },
    { title: t('objection.evidence.uploadedAt'), dataIndex: 'uploadedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span>{o.resourceName}</span>
            <ObjectionStateTag state={o.state} />
            <OutcomeTag outcome={o.outcome} />
          </Space>
        }
        description={
          <span>
            <span className="gs-mono">{o.resourceCode}</span> · {o.raiserUnitName} → {o.providerUnitName}
          </span>
        }
        extra={
          <Link to="/sharing/objections">
            <Button icon={<ArrowLeftOutlined />}>{t('objection.detail.back')}</Button>
          </Link>
        }
      />
      <Card size="small" className="gs-side-card" title={t('objection.detail.steps')}>
        <ObjectionSteps o={o} />
      </Card>
      {o.marked && <Alert type="warning" showIcon message={t('objection.detail.marked')} data-testid="objection-marked" />}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('objection.detail.summary')} className="gs-side-card">
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('objection.detail.raiser')}>{o.raiserUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.provider')}>{o.providerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.raisedBy')}>{o.raisedBy}</Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.createdAt')}>
                <Time value={o.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.recordKeys')} span={2}>
                {o.recordKeys.length ? (
                  <Space size={4} wrap>
                    {o.recordKeys.map((k) => (
                      <Tag key={k} className="gs-mono">
                        {k}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  t('objection.detail.wholeResource')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.fields')} span={2}>
                {o.fields.length ? (
                  <Space size={4} wrap>
                    {o.fields.map((f) => (
                      <Tag key={f}>{itemNames.has(f) ? `${itemNames.get(f)}（${f}）` : f}</Tag>
                    ))}
                  </Space>
                ) : (
                  t('objection.detail.allFields')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="objection-description-text">
                  {o.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.evidence')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.evidence || none}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('objection.detail.expected')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.expectedCorrection}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {(o.answer || o.rejectReason || o.disputeReason || o.conclusion) && (
            <Card size="small" title={t('objection.detail.answer')} className="gs-side-card" data-testid="objection-result">
              <Descriptions column={1} size="small" bordered styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}>
                {o.rejectReason && <Descriptions.Item label={t('objection.detail.rejectReason')}>{o.rejectReason}</Descriptions.Item>}
                {o.answerKind && <Descriptions.Item label={t('objection.detail.answerKind')}>{t(`objection.answerKind.${o.answerKind}`)}</Descriptions.Item>}
                {o.answer && (
                  <Descriptions.Item label={t('objection.detail.answer')}>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{o.answer}</Typography.Paragraph>
                    <Typography.Text type="secondary" className="gs-small">
                      {o.answeredBy} · <Time value={o.answeredAt} />
                    </Typography.Text>
                  </Descriptions.Item>
                )}
                {o.disputeReason && <Descriptions.Item label={t('objection.detail.dispute')}>{o.disputeReason}</Descriptions.Item>}
                {o.outcome && o.outcome !== 'rejected' && (
                  <Descriptions.Item label={t('objection.detail.outcome')}>
                    <OutcomeTag outcome={o.outcome} />
                  </Descriptions.Item>
                )}
                {o.conclusion && <Descriptions.Item label={t('objection.detail.conclusion')}>{o.conclusion}</Descriptions.Item>}
                {o.closedAt && (
                  <Descriptions.Item label={t('objection.detail.closedAt')}>
                    <Time value={o.closedAt} />
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
          )}
          <Card
            size="small"
            title={t('objection.evidence.title')}
            className="gs-side-card"
            extra={
              can('evidence') && (
                <Upload
                  showUploadList={false}
                  beforeUpload={(file) => {
                    setBusy(true);
                    objectionApi
                      .addEvidence(o.id, file)
                      .then(async (ev) => {
                        message.success(t('objection.evidence.added', { name: ev.name }));
                        await load();
                        setReloadKey((k) => k + 1);
                      })
                      .catch((e: unknown) => message.error(errorMessage(e)))
                      .finally(() => setBusy(false));
                    return false;
                  }}
                >
                  <Button size="small" icon={<UploadOutlined />} loading={busy} data-testid="objection-evidence-add">
                    {t('objection.evidence.add')}
                  </Button>
                </Upload>
              )
            }
          >
            <Table<Evidence>
              rowKey="id"
              size="small"
              columns={evidenceColumns}
              dataSource={o.evidenceFiles}
              pagination={false}
              locale={{ emptyText: t('objection.evidence.empty') }}
              data-testid="objection-evidence"
            />
          </Card>
          {panels.length ? panels : o.state !== 'archived' && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('objection.panel.nothingToDo')} className="gs-side-card" />}
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('objection.detail.tasks')} className="gs-side-card">
            <TaskList itemKind="objection" itemId={o.id} reloadKey={reloadKey} />
          </Card>
          <Card size="small" title={t('objection.detail.timeline')} className="gs-side-card">
            <Timeline itemKind="objection" itemId={o.id} reloadKey={reloadKey} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
