import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, applyFieldErrors, errorMessage } from '../api';
import { hasAnyRole, useMe } from '../auth';
import { filterUnitOption, unitOptions, useAllUnits, useSystems } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { Time } from '../components/labels';
import type { AppSystem, Unit } from '../types';

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export default function SystemsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const isAdmin = hasAnyRole(me, ['platform_admin']);
  const units = useAllUnits();
  // A steward manages their own unit's systems; the admin sees every unit's.
  const [unitId, setUnitId] = useState<string | undefined>(isAdmin ? undefined : me.unitId ?? undefined);
  const systems = useSystems(unitId);
  const [editing, setEditing] = useState<AppSystem | 'new' | null>(null);

  useEffect(() => {
    if (systems.error) message.error(systems.error);
  }, [systems.error, message]);

  const toggle = async (s: AppSystem) => {
    try {
      await api.patch(`/systems/${s.id}`, { disabled: !s.disabled });
      message.success(s.disabled ? t('systems.enabled') : t('systems.disabled'));
      systems.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableProps<AppSystem>['columns'] = [
    { title: t('systems.name'), dataIndex: 'name', width: 200, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('systems.code'), dataIndex: 'code', width: 160, render: (v: string) => <span className="gs-mono">{v}</span> },
    { title: t('systems.unit'), dataIndex: 'unitName', width: 180, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('systems.scenario'),
      dataIndex: 'scenario',
      ellipsis: true,
      render: (v: string | null) => v || <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
    {
      title: t('common.status'),
      dataIndex: 'disabled',
      width: 90,
      render: (d: boolean) => (d ? <Tag>{t('systems.status.disabled')}</Tag> : <Tag color="success">{t('systems.status.active')}</Tag>),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => <Time value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(s)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={s.disabled ? t('systems.enableConfirm', { name: s.name }) : t('systems.disableConfirm', { name: s.name })}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => toggle(s)}
          >
            <Button type="link" size="small" danger={!s.disabled}>
              {s.disabled ? t('systems.enable') : t('systems.disable')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('systems.title')}
        description={t('systems.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="system-create">
            {t('systems.create')}
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
              onChange={(v?: string) => setUnitId(v)}
              options={unitOptions(units.items)}
              filterOption={filterUnitOption}
              style={{ width: 260 }}
              aria-label={t('systems.unitFilter')}
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={systems.reload}>
            {t('common.refresh')}
          </Button>
        </Space>
        <Table<AppSystem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={systems.items}
          loading={systems.loading}
          scroll={{ x: 1100 }}
          data-testid="system-table"
          pagination={{ pageSize: 20, showTotal: (n) => t('common.total', { count: n }), hideOnSinglePage: true }}
        />
      </Card>
      <SystemFormModal
        open={editing !== null}
        system={editing === 'new' ? null : editing}
        units={isAdmin ? units.items : units.items.filter((u) => u.id === me.unitId)}
        defaultUnitId={unitId ?? me.unitId ?? undefined}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          systems.reload();
        }}
      />
    </div>
  );
}

interface SystemValues {
  unitId: string;
  code: string;
  name: string;
  description?: string;
  scenario?: string;
}

function SystemFormModal({
  open,
  system,
  units,
  defaultUnitId,
  onClose,
  onSaved,
}: {
  open: boolean;
  system: AppSystem | null;
  units: Unit[];
  defaultUnitId?: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SystemValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(
      system
        ? { unitId: system.unitId, code: system.code, name: system.name, description: system.description ?? '', scenario: system.scenario ?? '' }
        : { unitId: defaultUnitId },
    );
  }, [open, system, defaultUnitId, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const description = (v.description ?? '').trim();
      const scenario = (v.scenario ?? '').trim();
      if (system) {
        await api.patch(`/systems/${system.id}`, { name: v.name.trim(), description, scenario });
        message.success(t('common.saved'));
      } else {
        const body: Record<string, unknown> = { unitId: v.unitId, code: v.code.trim(), name: v.name.trim() };
        if (description) body.description = description;
        if (scenario) body.scenario = scenario;
        await api.post('/systems', body);
        message.success(t('systems.created', { name: v.name.trim() }));
      }
      onSaved();
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
      title={system ? t('systems.editTitle', { name: system.name }) : t('systems.create')}
      width={640}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'system-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item name="unitId" label={t('systems.unit')} rules={[req]}>
          <Select showSearch disabled={!!system} options={unitOptions(units)} filterOption={filterUnitOption} data-testid="system-unit" />
        </Form.Item>
        <Form.Item name="code" label={t('systems.code')} extra={t('systems.codeHelp')} rules={system ? [] : [req, { pattern: CODE_RE, message: t('systems.codeFormat') }]}>
          <Input disabled={!!system} className="gs-mono" data-testid="system-code" />
        </Form.Item>
        <Form.Item name="name" label={t('systems.name')} rules={[req, { max: 100 }]}>
          <Input placeholder={t('systems.namePlaceholder')} data-testid="system-name" />
        </Form.Item>
        <Form.Item name="description" label={t('systems.descriptionField')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="scenario" label={t('systems.scenario')} extra={t('systems.scenarioHelp')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
