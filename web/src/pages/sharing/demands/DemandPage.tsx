import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Popconfirm, Radio, Result, Row, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, applyFieldErrors, errorMessage } from '../../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { PageHeader } from '../../../components/PageHeader';
import { Time, formatTime } from '../../../components/labels';
import { resourceLink } from '../../catalog/catalogApi';
import { Timeline } from '../workflow/Timeline';
import { TaskList } from '../workflow/TaskList';
import { DECISION_OUTCOMES, demandApi, type DemandDetail, type DemandRecord, type DemandTransition, type Suggestion } from './demandApi';
import { DemandStateTag, ResourcePicker } from './components';

type Values = Record<string, unknown>;

/**
 * One transition's form: its own antd Form, posting to /sharing/demands/{id}/{action}; field
 * errors of the problem response land on the fields, the rest in a message.
 */
function ActionForm(props: {
  demand: DemandDetail;
  action: DemandTransition;
  submitText: string;
  onDone: (d: DemandDetail) => void;
  children?: ReactNode;
  danger?: boolean;
  confirm?: string;
  initialValues?: Values;
  transform?: (v: Values) => Values;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const { demand, action, submitText, onDone, children, danger, confirm, initialValues, transform } = props;

  const run = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const d = await demandApi.act(demand.id, action, transform ? transform(values) : values);
      message.success(t('demand.panel.done', { action: submitText }));
      form.resetFields();
      onDone(d);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      message.error([errorMessage(e), ...rest].join(' '));
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button type="primary" danger={danger} loading={busy} onClick={confirm ? undefined : () => void run()} data-testid={`demand-do-${action}`}>
      {submitText}
    </Button>
  );
  return (
    <Form form={form} layout="vertical" initialValues={initialValues} data-testid={`demand-form-${action}`}>
      {children}
      {confirm ? (
        <Popconfirm title={confirm} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': `demand-confirm-${action}` }} onConfirm={() => run()}>
          {button}
        </Popconfirm>
      ) : (
        button
      )}
    </Form>
  );
}

function useRequired() {
  const { t } = useTranslation();
  return [{ required: true, whitespace: true, message: t('common.required') }];
}

/** The provider's answer: accept (existing resource or new catalog entry) or decline with circumstances and reasons. */
function ProviderPanel({ d, onDone }: { d: DemandDetail; onDone: (d: DemandDetail) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const [mode, setMode] = useState<'existing' | 'new_entry'>('existing');
  const items = [];
  if (d.allowed.includes('accept')) {
    items.push({
      key: 'accept',
      label: t('demand.panel.accept'),
      children: (
        <ActionForm demand={d} action="accept" submitText={t('demand.panel.accept')} onDone={onDone} initialValues={{ mode: 'existing' }}>
          {d.state === 'decided' && <Alert type="warning" showIcon message={t('demand.panel.complyHint')} style={{ marginBottom: 12 }} />}
          <Form.Item name="mode" label={t('demand.panel.mode')}>
            <Radio.Group onChange={(e) => setMode(e.target.value as 'existing' | 'new_entry')} data-testid="demand-accept-mode">
              <Radio value="existing">{t('demand.panel.modeExisting')}</Radio>
              <Radio value="new_entry">{t('demand.panel.modeNewEntry')}</Radio>
            </Radio.Group>
          </Form.Item>
          {mode === 'existing' ? (
            <Form.Item name="resourceCode" label={t('demand.panel.resource')} rules={[{ required: true, message: t('common.required') }]}>
              <ResourcePicker providerUnitId={d.providerUnitId} testId="demand-accept-resource" />
            </Form.Item>
          ) : (
            <Form.Item name="resourceCode" label={t('demand.panel.resource')} rules={required} extra={<Link to="/catalog/mine">{t('demand.panel.newEntryHint')}</Link>}>
              <Input className="gs-mono" placeholder={t('demand.panel.newEntryPlaceholder')} data-testid="demand-accept-code" />
            </Form.Item>
          )}
          <Form.Item name="comment" label={t('demand.panel.comment')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </ActionForm>
      ),
    });
  }
  if (d.allowed.includes('decline')) {
    items.push({
      key: 'decline',
      label: t('demand.panel.decline'),
      children: (
        <ActionForm demand={d} action="decline" submitText={t('demand.panel.decline')} onDone={onDone} danger>
          <Alert type="info" showIcon message={t('demand.panel.declineHint')} style={{ marginBottom: 12 }} />
          <Form.Item name="circumstances" label={t('demand.panel.circumstances')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="demand-decline-circumstances" />
          </Form.Item>
          <Form.Item name="reasons" label={t('demand.panel.reasons')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="demand-decline-reasons" />
          </Form.Item>
        </ActionForm>
      ),
    });
  }
  return (
    <Card title={t('demand.panel.providerTitle')} size="small" data-testid="demand-provider-panel">
      <Tabs items={items} />
    </Card>
  );
}

/** Catalog suggestions for matching; "use" fills the route form. */
function Suggestions({ d, onUse }: { d: DemandDetail; onUse: (s: Suggestion) => void }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Suggestion[] | null>(null);
  useEffect(() => {
    let live = true;
    demandApi
      .suggestions(d.id)
      .then((r) => live && setItems(r.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [d.id]);
  if (!items) return <Spin size="small" />;
  if (!items.length) return <Typography.Text type="secondary">{t('demand.panel.noSuggestions')}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="demand-suggestions"
      dataSource={items}
      renderItem={(s) => (
        <List.Item
          actions={[
            <Button key="use" size="small" onClick={() => onUse(s)} data-testid={`demand-use-${s.code}`}>
              {t('demand.panel.useSuggestion')}
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <Link to={resourceLink(s.code)}>{s.name}</Link>
                <Typography.Text type="secondary" className="gs-small gs-mono">
                  {s.code}
                </Typography.Text>
                <Tag>{s.providerUnitName}</Tag>
              </Space>
            }
            description={<span className="gs-small">{t('demand.panel.matchedBy', { terms: s.matchedBy.join('、') })}</span>}
          />
        </List.Item>
      )}
    />
  );
}

function RouteForm({ d, onDone }: { d: DemandDetail; onDone: (d: DemandDetail) => void }) {
  const { t } = useTranslation();
  const units = useAllUnits();
  const [picked, setPicked] = useState<{ providerUnitId?: string; resourceCodes?: string[]; key: number }>({ key: 0 });
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <ActionForm
          key={picked.key}
          demand={d}
          action="route"
          submitText={t('demand.panel.route')}
          onDone={onDone}
          initialValues={{ providerUnitId: picked.providerUnitId ?? d.providerUnitId ?? undefined, resourceCodes: picked.resourceCodes ?? [] }}
          transform={(v) => ({ ...v, providerUnitId: v.providerUnitId || null, resourceCodes: (v.resourceCodes as string[] | undefined) ?? [] })}
        >
          <Form.Item name="providerUnitId" label={t('demand.panel.routeProvider')}>
            <Select
              allowClear
              showSearch
              options={unitOptions(units.items.filter((u) => u.id !== d.requesterUnitId))}
              filterOption={(input, option) => filterUnitOption(input, option as { label: string; code?: string })}
              data-testid="demand-route-provider"
            />
          </Form.Item>
          <Form.Item name="resourceCodes" label={t('demand.panel.routeResources')}>
            <ResourcePicker multiple testId="demand-route-resources" initial={[]} />
          </Form.Item>
          <Form.Item name="comment" label={t('demand.panel.comment')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </ActionForm>
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Text strong>{t('demand.panel.suggestions')}</Typography.Text>
        <Suggestions d={d} onUse={(s) => setPicked((p) => ({ providerUnitId: s.providerUnitId, resourceCodes: [s.code], key: p.key + 1 }))} />
      </Col>
    </Row>
  );
}

/** The IT authority: route/match, register, decide, escalate, mark a gap — whichever the state allows. */
function AuthorityPanel({ d, onDone }: { d: DemandDetail; onDone: (d: DemandDetail) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const items = [];
  if (d.allowed.includes('register'))
    items.push({
      key: 'register',
      label: `${t('demand.panel.register')} (${d.pendingRegistration})`,
      children: (
        <ActionForm demand={d} action="register" submitText={t('demand.panel.register')} onDone={onDone}>
          <Typography.Paragraph type="secondary">{t('demand.panel.registerHint')}</Typography.Paragraph>
          <Form.Item name="comment" label={t('demand.panel.comment')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </ActionForm>
      ),
    });
  if (d.allowed.includes('route')) items.push({ key: 'route', label: t('demand.panel.route'), children: <RouteForm d={d} onDone={onDone} /> });
  if (d.allowed.includes('decide'))
    items.push({
      key: 'decide',
      label: t('demand.panel.decide'),
      children: (
        <ActionForm demand={d} action="decide" submitText={t('demand.panel.decide')} onDone={onDone}>
          <Form.Item name="outcome" label={t('demand.panel.outcome')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`demand.outcome.${o}`) }))} data-testid="demand-decide-outcome" />
          </Form.Item>
          <Form.Item name="text" label={t('demand.panel.text')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="demand-decide-text" />
          </Form.Item>
        </ActionForm>
      ),
    });
  if (d.allowed.includes('escalate'))
    items.push({
      key: 'escalate',
      label: t('demand.panel.escalate'),
      children: (
        <ActionForm demand={d} action="escalate" submitText={t('demand.panel.escalate')} onDone={onDone}>
          <Form.Item name="reason" label={t('demand.panel.escalateReason')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="demand-escalate-reason" />
          </Form.Item>
        </ActionForm>
      ),
    });
  if (d.allowed.includes('mark-gap'))
    items.push({
      key: 'mark-gap',
      label: t('demand.panel.markGap'),
      children: (
        <ActionForm demand={d} action="mark-gap" submitText={t('demand.panel.markGap')} onDone={onDone} danger>
          <Form.Item name="note" label={t('demand.panel.gapNote')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="demand-gap-note" />
          </Form.Item>
        </ActionForm>
      ),
    });
  return (
    <Card title={t('demand.panel.authorityTitle')} size="small" data-testid="demand-authority-panel">
      <Tabs items={items} />
    </Card>
  );
}

function LeaderPanel({ d, onDone }: { d: DemandDetail; onDone: (d: DemandDetail) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  return (
    <Card title={t('demand.panel.leaderTitle')} size="small" data-testid="demand-leader-panel">
      <Alert type="warning" showIcon message={t('demand.panel.leaderHint')} style={{ marginBottom: 12 }} />
      <ActionForm demand={d} action="leader-decide" submitText={t('demand.panel.leaderDecide')} onDone={onDone} confirm={t('demand.panel.leaderHint')}>
        <Form.Item name="outcome" label={t('demand.panel.outcome')} rules={[{ required: true, message: t('common.required') }]}>
          <Select options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`demand.outcome.${o}`) }))} data-testid="demand-leader-outcome" />
        </Form.Item>
        <Form.Item name="text" label={t('demand.panel.text')} rules={required}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="demand-leader-text" />
        </Form.Item>
      </ActionForm>
    </Card>
  );
}

function RecordsTable({ records }: { records: DemandRecord[] }) {
  const { t } = useTranslation();
  if (!records.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('demand.detail.noRecords')} />;
  return (
    <Table<DemandRecord>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={records}
      data-testid="demand-records"
      columns={[
        { title: '#', dataIndex: 'seq', width: 50 },
        { title: t('common.status'), dataIndex: 'kind', width: 170, render: (k: DemandRecord['kind']) => t(`demand.recordKind.${k}`) },
        {
          title: t('demand.detail.reason'),
          key: 'text',
          render: (_, r) => (
            <Space direction="vertical" size={0}>
              {r.outcome && <Tag color="purple">{t(`demand.outcome.${r.outcome}`)}</Tag>}
              {r.resourceCode && <Link to={resourceLink(r.resourceCode)} className="gs-mono">{r.resourceCode}</Link>}
              {r.circumstances && <span>{t('demand.detail.circumstances')}：{r.circumstances}</span>}
              {r.text && <span style={{ whiteSpace: 'pre-wrap' }}>{r.text}</span>}
            </Space>
          ),
        },
        { title: t('demand.detail.actor'), key: 'by', width: 190, render: (_, r) => <span className="gs-small">{r.actorName} · {formatTime(r.at)}</span> },
        {
          title: t('demand.field.registration'),
          key: 'reg',
          width: 130,
          render: (_, r) =>
            r.kind === 'authority_decision' || r.kind === 'leadership_decision' ? (
              t('common.none')
            ) : r.registeredAt ? (
              <Tag color="success">{t('demand.detail.registered')}</Tag>
            ) : (
              <Tag color="warning">{t('demand.detail.notRegistered')}</Tag>
            ),
        },
      ]}
    />
  );
}

/** One demand: what is wanted, where it went, the answers and decisions, and the panels of whoever acts next. */
export default function DemandPage() {
  const { t } = useTranslation();
  const id = useParams().id ?? '';
  const [d, setD] = useState<DemandDetail | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(() => {
    setError(null);
    demandApi
      .get(id)
      .then(setD)
      .catch((e: unknown) => setError({ status: e instanceof ApiError ? e.status : 0, message: errorMessage(e) }));
  }, [id]);

  useEffect(() => {
    setD(null);
    load();
  }, [load]);

  const done = (next: DemandDetail) => {
    setD(next);
    setReloadKey((k) => k + 1);
  };

  if (error) {
    return (
      <Result
        status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={t('demand.detail.notFound')}
        subTitle={error.message}
        extra={
          <Link to="/sharing/demands">
            <Button type="primary">{t('demand.detail.back')}</Button>
          </Link>
        }
      />
    );
  }
  if (!d) return <Spin className="gs-page-spin" />;

  const providerActs = d.allowed.includes('accept') || d.allowed.includes('decline');
  const authorityActs = (['route', 'register', 'decide', 'escalate', 'mark-gap'] as DemandTransition[]).some((a) => d.allowed.includes(a));
  const by = (name: string, time: string) => t('demand.detail.by', { name, time: formatTime(time) });

  return (
    <div className="gs-page">
      <PageHeader
        title={
          <Space>
            <span data-testid="demand-title">{d.title}</span>
            <DemandStateTag state={d.state} />
          </Space>
        }
        description={`${d.requesterUnitName} · ${d.duty}`}
        extra={
          <>
            {d.allowed.includes('withdraw') && (
              <WithdrawButton d={d} onDone={done} />
            )}
            <Link to="/sharing/demands">
              <Button icon={<ArrowLeftOutlined />}>{t('demand.detail.back')}</Button>
            </Link>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {d.decision && (
              <Alert
                data-testid="demand-decision"
                type={d.decision.level === 'leadership' ? 'warning' : 'info'}
                showIcon
                message={
                  <Space wrap>
                    <strong>{t(`demand.level.${d.decision.level}`)}</strong>
                    <Tag color="purple">{t(`demand.outcome.${d.decision.outcome}`)}</Tag>
                    <span className="gs-small">{by(d.decision.by, d.decision.at)}</span>
                  </Space>
                }
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{d.decision.text}</div>
                    {d.decision.level === 'leadership' && <Typography.Text type="secondary">{t('demand.detail.binding')}</Typography.Text>}
                  </>
                }
              />
            )}
            {providerActs && <ProviderPanel d={d} onDone={done} />}
            {authorityActs && <AuthorityPanel d={d} onDone={done} />}
            {d.allowed.includes('leader-decide') && <LeaderPanel d={d} onDone={done} />}

            <Card title={t('demand.detail.wanted')} size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
                <Descriptions.Item label={t('demand.field.requesterUnit')}>{d.requesterUnitName}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.requester')}>{d.requesterName}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.duty')}>{d.duty}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.neededBy')}>{d.neededBy}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.legalBasis')} span={2}>
                  {d.legalBasis}
                </Descriptions.Item>
                <Descriptions.Item label={t('demand.field.content')} span={2}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{d.content}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('demand.field.dataItems')} span={2}>
                  {d.dataItems.length
                    ? d.dataItems.map((i) => (
                        <Tag key={`${i.name}-${i.code ?? ''}`}>
                          {i.name}
                          {i.code ? ` (${i.code})` : ''}
                        </Tag>
                      ))
                    : t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('demand.field.scope')}>{d.scope}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.purpose')}>{d.purpose}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.method')}>{t(`demand.method.${d.method}`)}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.systemId')}>{d.systemName ?? t('common.none')}</Descriptions.Item>
                <Descriptions.Item label={t('demand.field.createdAt')}>
                  <Time value={d.createdAt} />
                </Descriptions.Item>
                <Descriptions.Item label={t('demand.field.registration')}>
                  {d.registeredAt ? (
                    <Tag color="success">
                      {t('demand.detail.registered')} {formatTime(d.registeredAt)}
                    </Tag>
                  ) : (
                    <Tag color="warning">{t('demand.detail.notRegistered')}</Tag>
                  )}
                  {d.pendingRegistration > 0 && <Typography.Text type="secondary">{t('demand.detail.pending', { count: d.pendingRegistration })}</Typography.Text>}
                </Descriptions.Item>
              </Descriptions>
            </Card>

            <Card title={t('demand.detail.routing')} size="small">
              {d.providerUnitId ? (
                <Descriptions column={{ xs: 1, md: 2 }} size="small">
                  <Descriptions.Item label={t('demand.field.providerUnit')}>{d.providerUnitName}</Descriptions.Item>
                  <Descriptions.Item label={t('demand.field.routedAt')}>{d.routedAt ? by(d.routedBy ?? '', d.routedAt) : t('common.none')}</Descriptions.Item>
                  <Descriptions.Item label={t('demand.field.resourceCodes')} span={2}>
                    {d.resourceCodes.length
                      ? d.resourceCodes.map((c) => (
                          <Link key={c} to={resourceLink(c)} className="gs-mono" style={{ marginRight: 8 }}>
                            {c}
                          </Link>
                        ))
                      : t('common.none')}
                  </Descriptions.Item>
                </Descriptions>
              ) : (
                <Typography.Text type="secondary">{t('demand.detail.notRouted')}</Typography.Text>
              )}
              {d.answer ? (
                <Descriptions title={t('demand.detail.answer')} column={1} size="small" style={{ marginTop: 12 }} data-testid="demand-answer">
                  <Descriptions.Item label={t('common.status')}>
                    {t(`demand.recordKind.${d.answer.kind}`)} · {by(d.answer.by, d.answer.at)}
                  </Descriptions.Item>
                  {d.answer.resourceCode && (
                    <Descriptions.Item label={t('demand.detail.resource')}>
                      <Link to={resourceLink(d.answer.resourceCode)} className="gs-mono">
                        {d.answer.resourceCode}
                      </Link>
                      {d.answer.resourceVersion ? ` ${t('demand.detail.version', { version: d.answer.resourceVersion })}` : ''}
                    </Descriptions.Item>
                  )}
                  {d.answer.circumstances && <Descriptions.Item label={t('demand.detail.circumstances')}>{d.answer.circumstances}</Descriptions.Item>}
                  {d.answer.reasons && <Descriptions.Item label={t('demand.detail.reasons')}>{d.answer.reasons}</Descriptions.Item>}
                  {d.answer.comment && <Descriptions.Item label={t('demand.panel.comment')}>{d.answer.comment}</Descriptions.Item>}
                </Descriptions>
              ) : (
                d.providerUnitId && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                    {t('demand.detail.noAnswer')}
                  </Typography.Paragraph>
                )
              )}
              {d.escalation && (
                <Descriptions title={t('demand.detail.escalation')} column={1} size="small" style={{ marginTop: 12 }}>
                  <Descriptions.Item label={t('demand.detail.reason')}>{d.escalation.reason}</Descriptions.Item>
                  <Descriptions.Item label={t('demand.detail.actor')}>{by(d.escalation.by, d.escalation.at)}</Descriptions.Item>
                </Descriptions>
              )}
              {d.gap && (
                <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('demand.detail.gap')} description={`${d.gap.note}（${by(d.gap.by, d.gap.at)}）`} />
              )}
              {d.withdrawal && (
                <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('demand.detail.withdrawal')} description={`${d.withdrawal.reason ?? ''} ${formatTime(d.withdrawal.at)}`} />
              )}
            </Card>

            <Card title={t('demand.detail.records')} size="small">
              <RecordsTable records={d.records} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('demand.detail.tasks')} size="small">
              <TaskList itemKind="demand" itemId={d.id} reloadKey={reloadKey} />
            </Card>
            <Card title={t('demand.detail.timeline')} size="small">
              <Timeline itemKind="demand" itemId={d.id} reloadKey={reloadKey} />
            </Card>
          </Space>
        </Col>
      </Row>
    </div>
  );
}

function WithdrawButton({ d, onDone }: { d: DemandDetail; onDone: (d: DemandDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm
      title={t('demand.panel.withdrawConfirm')}
      description={<Input placeholder={t('demand.panel.withdrawReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={4000} />}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'demand-confirm-withdraw', loading: busy }}
      onConfirm={async () => {
        setBusy(true);
        try {
          onDone(await demandApi.act(d.id, 'withdraw', { reason: reason.trim() || null }));
          message.success(t('demand.panel.done', { action: t('demand.panel.withdraw') }));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Button danger data-testid="demand-withdraw">
        {t('demand.panel.withdraw')}
      </Button>
    </Popconfirm>
  );
}
