import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, applyFieldErrors, errorMessage } from '../api';
import { hasAnyRole, useMe } from '../auth';
import { filterUnitOption, unitOptions, useAllUnits, useSystems, fetchAll } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { Time } from '../components/labels';
import { TOKEN_SCOPES, type ApiToken, type AppSystem, type CreatedToken, type TokenScope } from '../types';

const MAX_DAYS = 730;

type TokenStatus = 'active' | 'expired' | 'revoked';

function statusOf(tok: ApiToken): TokenStatus {
  if (tok.revokedAt) return 'revoked';
  if (new Date(tok.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

const STATUS_COLOR: Record<TokenStatus, string> = { active: 'success', expired: 'default', revoked: 'error' };

export default function TokensPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const isAdmin = hasAnyRole(me, ['platform_admin']);
  const units = useAllUnits();
  const [unitId, setUnitId] = useState<string | undefined>(isAdmin ? undefined : me.unitId ?? undefined);
  const [systemId, setSystemId] = useState<string | undefined>();
  const systems = useSystems(unitId);
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedToken | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setTokens(await fetchAll<ApiToken>('/tokens', { unitId, systemId }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [unitId, systemId, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (tok: ApiToken) => {
    try {
      await api.post(`/tokens/${tok.id}/revoke`);
      message.success(t('tokens.revoked', { name: tok.name }));
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableProps<ApiToken>['columns'] = [
    { title: t('tokens.name'), dataIndex: 'name', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('tokens.prefix'), dataIndex: 'prefix', width: 150, render: (v: string) => <span className="gs-mono">gst_{v}…</span> },
    { title: t('tokens.system'), dataIndex: 'systemName', width: 180, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('tokens.scopes'),
      dataIndex: 'scopes',
      render: (s: string[]) => (
        <>
          {s.map((x) => (
            <Tag key={x} className="gs-mono-tag">
              {TOKEN_SCOPES.includes(x as TokenScope) ? t(`scope.${x as TokenScope}`) : x}
            </Tag>
          ))}
        </>
      ),
    },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (v: string) => <Time value={v} /> },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: (v: string | null) => <Time value={v} /> },
    {
      title: t('common.status'),
      key: 'status',
      width: 100,
      render: (_, tok) => {
        const s = statusOf(tok);
        return <Tag color={STATUS_COLOR[s]}>{t(`tokens.status.${s}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, tok) =>
        tok.revokedAt ? null : (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: tok.name })}
            description={t('tokens.revokeWarning')}
            okText={t('tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(tok)}
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
            {t('tokens.create')}
          </Button>
        }
      />
      <Card size="small">
        <Space wrap className="gs-toolbar">
          {isAdmin && (
            <Select
              allowClear
              showSearch
              placeholder={t('systems.unitFilter')}
              value={unitId}
              onChange={(v?: string) => {
                setUnitId(v);
                setSystemId(undefined);
              }}
              options={unitOptions(units.items)}
              filterOption={filterUnitOption}
              style={{ width: 240 }}
              aria-label={t('systems.unitFilter')}
            />
          )}
          <Select
            allowClear
            placeholder={t('tokens.systemFilter')}
            value={systemId}
            onChange={(v?: string) => setSystemId(v)}
            options={systems.items.map((s) => ({ value: s.id, label: s.name }))}
            style={{ width: 220 }}
            aria-label={t('tokens.systemFilter')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        </Space>
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tokens}
          loading={loading}
          scroll={{ x: 1200 }}
          data-testid="token-table"
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
      <CreateTokenModal
        open={creating}
        systems={systems.items.filter((s) => !s.disabled)}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setSecret(created);
          void load();
        }}
      />
      <SecretModal created={secret} onClose={() => setSecret(null)} />
    </div>
  );
}

interface TokenValues {
  systemId: string;
  name: string;
  scopes: TokenScope[];
  expiresInDays: number;
}

function CreateTokenModal({
  open,
  systems,
  onClose,
  onCreated,
}: {
  open: boolean;
  systems: AppSystem[];
  onClose: () => void;
  onCreated: (t: CreatedToken) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TokenValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({ scopes: ['catalog:read'], expiresInDays: 90, systemId: systems.length === 1 ? systems[0].id : undefined });
  }, [open, form, systems]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      onCreated(await api.post<CreatedToken>('/tokens', { systemId: v.systemId, name: v.name.trim(), scopes: v.scopes, expiresInDays: v.expiresInDays }));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  const req = { required: true, message: t('common.required') };
  return (
    <Modal
      open={open}
      title={t('tokens.create')}
      width={600}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('tokens.createOk')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'token-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item name="systemId" label={t('tokens.system')} rules={[req]} extra={systems.length ? undefined : t('tokens.noSystems')}>
          <Select options={systems.map((s) => ({ value: s.id, label: `${s.name}（${s.unitName ?? ''}）` }))} data-testid="token-system" />
        </Form.Item>
        <Form.Item name="name" label={t('tokens.name')} rules={[req, { max: 100 }]}>
          <Input placeholder={t('tokens.namePlaceholder')} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
          <Checkbox.Group options={TOKEN_SCOPES.map((s) => ({ value: s, label: `${t(`scope.${s}`)} (${s})` }))} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.validity')} rules={[req]} extra={t('tokens.validityHelp', { max: MAX_DAYS })}>
          <InputNumber min={1} max={MAX_DAYS} precision={0} addonAfter={t('tokens.days')} style={{ width: 200 }} data-testid="token-days" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SecretModal({ created, onClose }: { created: CreatedToken | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={!!created}
      title={
        <Space>
          <KeyOutlined />
          {t('tokens.secretTitle')}
        </Space>
      }
      closable={false}
      maskClosable={false}
      keyboard={false}
      width={640}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-secret-done">
          {t('tokens.secretDone')}
        </Button>
      }
    >
      {created && (
        <>
          <Alert type="warning" showIcon message={t('tokens.secretWarning')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph type="secondary">{t('tokens.secretFor', { name: created.token.name, system: created.token.systemName ?? '' })}</Typography.Paragraph>
          <Typography.Paragraph
            className="gs-secret"
            data-testid="token-secret"
            copyable={{ text: created.secret, tooltips: [t('common.copy'), t('common.copied')] }}
          >
            {created.secret}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" className="gs-hint">
            {t('tokens.secretUsage')}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
