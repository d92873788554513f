import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tooltip, Typography, type TableProps } from 'antd';
import { ApiOutlined, DeleteOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, ReloadOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../api';
import { Time } from '../../components/labels';
import {
  SUBSCRIPTION_STARTS,
  WEBHOOK_ALGORITHMS,
  type CreatedSubscription,
  type DatasetInfo,
  type Delivery,
  type Subscription,
  type SubscriptionInput,
} from '../../exchangeTypes';
import type { MessageKey } from '../../i18n/keys';
import { StateWord } from './components';
import { datasetLink, exchangeApi, rememberedPurpose } from './exchangeApi';

/** 订阅 tab of a dataset: its subscriptions (the caller's) and a form for a new one. */
export function DatasetSubscriptions({ info }: { info: DatasetInfo }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Subscription[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedSubscription | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await exchangeApi.subscriptions(info.resourceCode)).items);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [info.resourceCode]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('exchange.subs.hint')}</Typography.Paragraph>
      <Space className="gs-toolbar" wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sub-create">
          {t('exchange.subs.create')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
      </Space>
      {created && <SecretAlert created={created} onClose={() => setCreated(null)} />}
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
      <SubscriptionTable items={items} loading={loading} onChanged={() => void load()} />
      <CreateSubscriptionModal
        open={creating}
        code={info.resourceCode}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setCreated(c);
          void load();
        }}
      />
    </div>
  );
}

/** The signing secret, shown once: the server keeps only what it needs to sign. */
function SecretAlert({ created, onClose }: { created: CreatedSubscription; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      closable
      onClose={onClose}
      className="gs-form-alert"
      data-testid="sub-secret-alert"
      message={t('exchange.subs.secretTitle')}
      description={
        <>
          <Typography.Paragraph>{t('exchange.subs.secretWarning', { algorithm: created.subscription.algorithm })}</Typography.Paragraph>
          <Typography.Paragraph className="gs-secret" copyable={{ text: created.secret, tooltips: [t('common.copy'), t('common.copied')] }} data-testid="sub-secret">
            {created.secret}
          </Typography.Paragraph>
        </>
      }
    />
  );
}

function CreateSubscriptionModal({ open, code, onClose, onCreated }: { open: boolean; code: string; onClose: () => void; onCreated: (c: CreatedSubscription) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SubscriptionInput>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({ purpose: rememberedPurpose(), algorithm: 'hmac-sha256', from: 'now' });
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      onCreated(await exchangeApi.subscribe(code, { url: v.url.trim(), purpose: v.purpose.trim(), algorithm: v.algorithm, from: v.from }));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  const req = { required: true, whitespace: true, message: t('common.required') };
  return (
    <Modal
      open={open}
      title={t('exchange.subs.create')}
      width={620}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('exchange.subs.createOk')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'sub-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item name="url" label={t('exchange.subs.url')} rules={[req, { type: 'url', message: t('exchange.subs.urlInvalid') }]} extra={t('exchange.subs.urlHelp')}>
          <Input placeholder="https://example.gov.cn/hooks/govshare" data-testid="sub-url" />
        </Form.Item>
        <Form.Item name="purpose" label={t('exchange.query.purpose')} rules={[req, { max: 500 }]}>
          <Input placeholder={t('exchange.query.purposePlaceholder')} data-testid="sub-purpose" />
        </Form.Item>
        <Form.Item name="algorithm" label={t('exchange.subs.algorithm')} rules={[req]}>
          <Select options={WEBHOOK_ALGORITHMS.map((a) => ({ value: a, label: t(`exchange.algorithm.${a}`) }))} style={{ width: 280 }} />
        </Form.Item>
        <Form.Item name="from" label={t('exchange.subs.from')} rules={[req]}>
          <Radio.Group>
            <Space direction="vertical">
              {SUBSCRIPTION_STARTS.map((s) => (
                <Radio key={s} value={s}>
                  {t(`exchange.subs.fromOption.${s}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Subscriptions with their state, cursor and actions; a row expands to its deliveries. */
export function SubscriptionTable({
  items,
  loading,
  onChanged,
  showResource,
  resourceNames,
}: {
  items: Subscription[];
  loading: boolean;
  onChanged: () => void;
  showResource?: boolean;
  /** Resource code → name, for the resource column. */
  resourceNames?: Map<string, string>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busyId, setBusyId] = useState<string | null>(null);

  const act = async (s: Subscription, work: () => Promise<unknown>, done: string) => {
    setBusyId(s.id);
    try {
      await work();
      message.success(done);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusyId(null);
    }
  };

  const test = async (s: Subscription) => {
    setBusyId(s.id);
    try {
      const r = await exchangeApi.testWebhook(s.id);
      if (r.ok) message.success(t('exchange.subs.testOk', { status: r.status ?? '—' }));
      else message.error(t('exchange.subs.testFailed', { status: r.status ?? '—', error: r.error ?? '' }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableProps<Subscription>['columns'] = [
    ...(showResource
      ? [
          {
            title: t('exchange.subs.resource'),
            key: 'resource',
            width: 220,
            render: (_: unknown, s: Subscription) => (
              <Space direction="vertical" size={0}>
                <Link to={datasetLink(s.resourceCode, 'subscriptions')}>{resourceNames?.get(s.resourceCode) ?? s.resourceCode}</Link>
                {resourceNames?.has(s.resourceCode) && (
                  <Typography.Text type="secondary" className="gs-mono gs-small">
                    {s.resourceCode}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]
      : []),
    {
      title: t('exchange.subs.url'),
      dataIndex: 'url',
      render: (v: string, s) => (
        <Space direction="vertical" size={0}>
          <Typography.Text className="gs-mono gs-small" ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>
            {v}
          </Typography.Text>
          <Typography.Text type="secondary" className="gs-small">
            {s.purpose}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('exchange.subs.algorithm'), dataIndex: 'algorithm', width: 130, render: (v: string) => <span className="gs-mono gs-small">{v}</span> },
    {
      title: t('common.status'),
      key: 'state',
      width: 150,
      render: (_, s) => (
        <Space direction="vertical" size={0}>
          <StateWord group="subState" state={s.state} />
          {s.stateReason && (
            <Typography.Text type="secondary" className="gs-small">
              {t(`exchange.subReason.${s.stateReason}` as MessageKey, { defaultValue: s.stateReason })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: (
        <Tooltip title={t('exchange.subs.cursorHelp')}>
          <span>{t('exchange.subs.cursor')}</span>
        </Tooltip>
      ),
      dataIndex: 'cursor',
      width: 100,
      render: (v: string) => <span className="gs-mono">{v}</span>,
    },
    { title: t('exchange.subs.createdBy'), dataIndex: 'createdBy', width: 120 },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 290,
      // A stopped subscription is kept for the record only; a dead-lettered one resumes through replay.
      render: (_, s) =>
        s.state === 'stopped' ? null : (
          <Space size={0} wrap>
            {s.state === 'paused' && (
              <Button type="link" size="small" icon={<PlayCircleOutlined />} loading={busyId === s.id} onClick={() => void act(s, () => exchangeApi.setSubscriptionState(s.id, 'active'), t('exchange.subs.resumed'))} data-testid="sub-resume">
                {t('exchange.subs.resume')}
              </Button>
            )}
            {s.state === 'active' && (
              <Button type="link" size="small" icon={<PauseCircleOutlined />} loading={busyId === s.id} onClick={() => void act(s, () => exchangeApi.setSubscriptionState(s.id, 'paused'), t('exchange.subs.paused'))} data-testid="sub-pause">
                {t('exchange.subs.pause')}
              </Button>
            )}
            {s.state === 'dead_letter' && (
              <Button type="link" size="small" icon={<RedoOutlined />} loading={busyId === s.id} onClick={() => void act(s, () => exchangeApi.replay(s.id), t('exchange.subs.replayed'))} data-testid="sub-replay">
                {t('exchange.subs.replay')}
              </Button>
            )}
            <Button type="link" size="small" icon={<ApiOutlined />} onClick={() => void test(s)} data-testid="sub-test">
              {t('exchange.subs.test')}
            </Button>
            <Popconfirm
              title={t('exchange.subs.deleteConfirm')}
              okText={t('common.remove')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => act(s, () => exchangeApi.deleteSubscription(s.id), t('exchange.subs.deleted'))}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="sub-delete">
                {t('common.remove')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Table<Subscription>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: showResource ? 1500 : 1280 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      data-testid="sub-table"
      locale={{ emptyText: t('exchange.subs.empty') }}
      expandable={{ expandedRowRender: (s) => <Deliveries subscription={s} /> }}
    />
  );
}

/** 推送记录 of one subscription, newest first. */
function Deliveries({ subscription }: { subscription: Subscription }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Delivery[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await exchangeApi.deliveries(subscription.id)).items);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [subscription.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<Delivery>['columns'] = [
    { title: t('exchange.delivery.range'), key: 'range', width: 150, render: (_, d) => <span className="gs-mono">{`${d.fromSeq} – ${d.toSeq}`}</span> },
    { title: t('exchange.delivery.changes'), dataIndex: 'changeCount', width: 90, align: 'right' },
    { title: t('common.status'), dataIndex: 'state', width: 110, render: (v: string) => <StateWord group="deliveryState" state={v} /> },
    { title: t('exchange.delivery.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    {
      title: t('exchange.delivery.lastResponse'),
      key: 'last',
      render: (_, d) => (
        <Space size={4}>
          {d.lastStatus !== null && <span className="gs-mono">HTTP {d.lastStatus}</span>}
          {d.lastError && (
            <Typography.Text type="danger" className="gs-small" ellipsis={{ tooltip: d.lastError }} style={{ maxWidth: 260 }}>
              {d.lastError}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('exchange.delivery.nextAttempt'), key: 'next', width: 170, render: (_, d) => (d.state === 'pending' ? <Time value={d.nextAttemptAt} /> : t('common.none')) },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <Time value={v} /> },
    { title: t('exchange.delivery.deliveredAt'), dataIndex: 'deliveredAt', width: 170, render: (v: string | null) => <Time value={v} /> },
  ];

  return (
    <div data-testid="sub-deliveries">
      <Space className="gs-toolbar">
        <Typography.Text strong>{t('exchange.delivery.title')}</Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()}>
          {t('common.refresh')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
      <Table<Delivery>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={loading}
        scroll={{ x: 1200 }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('exchange.delivery.empty') }}
      />
    </div>
  );
}
