import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Input, InputNumber, Modal, Radio, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { Timeline } from '../../sharing/workflow/Timeline';
import { TaskList } from '../../sharing/workflow/TaskList';
import { CategoryTag, EvidenceTable, ReviewOnlyTag, subjectLink, useArticleLabel, useViolationTitle, ViolationStateTag } from './components';
import { violationApi, type ViolationAction, type ViolationDetail } from './violationApi';

/** Actions whose text is required (the others take an optional comment). */
const TEXT_REQUIRED: ViolationAction[] = ['dismiss', 'notify', 'order', 'answer', 'send_back', 'escalate'];
const DANGER: ViolationAction[] = ['dismiss', 'escalate'];

/** 违规详情: what was found (evidence), where it stands, the caller's actions (each in a modal), timeline and open tasks. */
export default function ViolationDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const id = useParams().id ?? '';
  const [v, setV] = useState<ViolationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [acting, setActing] = useState<ViolationAction | null>(null);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<'default' | 'days' | 'date'>('default');
  const [days, setDays] = useState<number | null>(20);
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const titleOf = useViolationTitle();
  const articleOf = useArticleLabel();

  const load = useCallback(async () => {
    try {
      setV(await violationApi.get(id));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error && !v) {
    return (
      <Result
        status="warning"
        title={t('violation.detail.loadFailed')}
        subTitle={error}
        extra={
          <Link to="/supervision/violations">
            <Button type="primary">{t('violation.detail.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!v) return <Spin className="gs-page-spin" />;

  const open = (a: ViolationAction) => {
    setActing(a);
    setText('');
    setMode('default');
    setDays(20);
    setDate('');
  };

  const run = async () => {
    if (!acting) return;
    const body = text.trim();
    const deadline = mode === 'days' ? { workingDays: days } : mode === 'date' ? { dueDate: date.trim() } : {};
    setBusy(true);
    try {
      const next = await (() => {
        switch (acting) {
          case 'confirm':
            return violationApi.confirm(v.id, body || undefined);
          case 'dismiss':
            return violationApi.dismiss(v.id, body);
          case 'notify':
            return violationApi.notify(v.id, body);
          case 'order':
            return violationApi.order(v.id, { text: body, ...deadline });
          case 'answer':
            return violationApi.answer(v.id, body);
          case 'close':
            return violationApi.close(v.id, body || undefined);
          case 'send_back':
            return violationApi.sendBack(v.id, { text: body, ...deadline });
          case 'escalate':
            return violationApi.escalate(v.id, body);
        }
      })();
      setV(next);
      setActing(null);
      setReloadKey((k) => k + 1);
      message.success(t('violation.panel.done'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const withDeadline = acting === 'order' || acting === 'send_back';
  const okDisabled = (acting !== null && TEXT_REQUIRED.includes(acting) && !text.trim()) || (withDeadline && mode === 'days' && !days) || (withDeadline && mode === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(date.trim()));
  const subject = v.subject ? subjectLink(v.subject.type, v.subject.id) : null;
  const none = t('violation.detail.none');

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span data-testid="violation-title">{titleOf(v)}</span>
            <ViolationStateTag state={v.state} />
            {v.reviewOnly && <ReviewOnlyTag />}
            {v.serious && <Tag color="magenta">{t('violation.detail.serious')}</Tag>}
          </Space>
        }
        description={<span data-testid="violation-article">{articleOf(v)}</span>}
        extra={
          <Link to="/supervision/violations">
            <Button icon={<ArrowLeftOutlined />}>{t('violation.detail.back')}</Button>
          </Link>
        }
      />
      {v.reviewOnly && v.state === 'candidate' && <Alert type="info" showIcon message={t('violation.detail.reviewOnlyHint')} style={{ marginBottom: 16 }} />}
      {v.actions.length > 0 && (
        <Card size="small" className="gs-side-card" title={t('violation.panel.title')} data-testid="violation-actions">
          <Space wrap>
            {v.actions.map((a, i) => (
              <Button key={a} type={i === 0 && !DANGER.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => open(a)} data-testid={`violation-action-${a}`}>
                {t(`violation.action.${a}`)}
              </Button>
            ))}
          </Space>
        </Card>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('violation.detail.summary')} className="gs-side-card">
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('violation.list.unit')}>{v.unitName ?? t('violation.list.platformWide')}</Descriptions.Item>
              <Descriptions.Item label={t('violation.list.category')}>
                <CategoryTag category={v.category} />
              </Descriptions.Item>
              <Descriptions.Item label={t('violation.list.source')}>
                {t(`violation.source.${v.source}`)}
                {v.ruleId && <Typography.Text type="secondary" className="gs-mono"> {v.ruleId}</Typography.Text>}
                {v.complaintId && (
                  <>
                    {' '}
                    <Link to={`/supervision/complaints/${encodeURIComponent(v.complaintId)}`}>{t('violation.detail.complaint')}</Link>
                  </>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('violation.detail.subject')}>
                {v.subject ? (
                  <Space size={4}>
                    <Tag>{t(`violation.subjectType.${v.subject.type}` as never, { defaultValue: v.subject.type })}</Tag>
                    {subject ? <Link to={subject}>{v.subject.id}</Link> : v.subject.id}
                  </Space>
                ) : (
                  none
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('violation.detail.observed')}>
                <Time value={v.observedAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('violation.list.detected')}>
                <Time value={v.detectedAt} />
              </Descriptions.Item>
              {v.confirmedAt && (
                <Descriptions.Item label={t('violation.detail.confirmed')}>
                  <Time value={v.confirmedAt} /> {v.confirmedBy}
                </Descriptions.Item>
              )}
              {v.rectificationDueAt && (
                <Descriptions.Item label={t('violation.detail.rectificationDue')}>
                  <span data-testid="violation-due">
                    <Time value={v.rectificationDueAt} />
                  </span>{' '}
                  {v.rectifyRounds > 1 && <Tag>{t('violation.detail.round', { n: v.rectifyRounds })}</Tag>}
                </Descriptions.Item>
              )}
              {v.description && (
                <Descriptions.Item label={t('violation.detail.description')} span={2}>
                  {v.description}
                </Descriptions.Item>
              )}
              {v.dismissReason && (
                <Descriptions.Item label={t('violation.detail.dismissReason')} span={2}>
                  {v.dismissReason}
                </Descriptions.Item>
              )}
              {v.noticeText && (
                <Descriptions.Item label={t('violation.detail.notice')} span={2}>
                  {v.noticeText}
                </Descriptions.Item>
              )}
              {v.rectifyOrder && (
                <Descriptions.Item label={t('violation.detail.order')} span={2}>
                  {v.rectifyOrder}
                </Descriptions.Item>
              )}
              {v.answer && (
                <Descriptions.Item label={t('violation.detail.answer')} span={2}>
                  <span data-testid="violation-answer">{v.answer}</span>
                </Descriptions.Item>
              )}
              {v.closeComment && (
                <Descriptions.Item label={t('violation.detail.closeComment')} span={2}>
                  {v.closeComment}
                </Descriptions.Item>
              )}
              {v.sanction && (
                <Descriptions.Item label={t('violation.detail.sanction')} span={2}>
                  {v.sanction}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('violation.detail.evidence')} className="gs-side-card">
            <EvidenceTable evidence={v.evidence} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('violation.detail.tasks')} className="gs-side-card">
            <TaskList itemKind="violation" itemId={v.id} reloadKey={reloadKey} />
          </Card>
          <Card size="small" title={t('violation.detail.timeline')} className="gs-side-card">
            <Timeline itemKind="violation" itemId={v.id} reloadKey={reloadKey} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={acting !== null}
        title={acting ? t(`violation.action.${acting}`) : ''}
        onCancel={() => setActing(null)}
        onOk={() => void run()}
        okText={t('violation.panel.submit')}
        okButtonProps={{ disabled: okDisabled, loading: busy, danger: acting !== null && DANGER.includes(acting), ...({ 'data-testid': 'violation-modal-ok' } as object) }}
        destroyOnClose
      >
        {acting && <Typography.Paragraph type="secondary">{t(`violation.hint.${acting}`)}</Typography.Paragraph>}
        <Input.TextArea
          rows={4}
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={acting && TEXT_REQUIRED.includes(acting) ? t('violation.panel.required') : t('violation.panel.optional')}
          data-testid="violation-modal-text"
        />
        {withDeadline && (
          <Space direction="vertical" style={{ marginTop: 12 }}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <Radio value="default">{t('violation.panel.deadlineDefault')}</Radio>
              <Radio value="days" data-testid="violation-deadline-days">
                {t('violation.panel.deadlineDays')}
              </Radio>
              <Radio value="date" data-testid="violation-deadline-date">
                {t('violation.panel.deadlineDate')}
              </Radio>
            </Radio.Group>
            {mode === 'days' && <InputNumber min={1} max={250} value={days} onChange={(n) => setDays(n)} addonAfter={t('violation.panel.workingDays')} data-testid="violation-days" />}
            {mode === 'date' && <Input style={{ width: 200 }} placeholder="YYYY-MM-DD" value={date} onChange={(e) => setDate(e.target.value)} data-testid="violation-date" />}
          </Space>
        )}
      </Modal>
    </>
  );
}
