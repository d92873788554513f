import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, type TableProps } from 'antd';
import { LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, applyFieldErrors, errorMessage } from '../api';
import { hasAnyRole, useMe } from '../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { RoleTags, Time } from '../components/labels';
import { ROLES, type ListResult, type Role, type Unit, type User } from '../types';

const PAGE_SIZE = 20;
const USERNAME_RE = /^[a-z0-9_.-]{3,32}$/;

interface Filters {
  q: string;
  unitId?: string;
  role?: Role;
}

function isLocked(u: User): boolean {
  return !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();
}

export default function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ListResult<User>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const canManage = hasAnyRole(me, ['platform_admin']);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(
        await api.get<ListResult<User>>('/users', {
          q: filters.q,
          unitId: filters.unitId,
          role: filters.role,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        }),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filters, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      void load();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableProps<User>['columns'] = [
    { title: t('users.username'), dataIndex: 'username', width: 130, render: (v: string) => <span className="gs-mono">{v}</span> },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 160 },
    { title: t('users.unit'), dataIndex: 'unitName', width: 180, render: (v: string | null) => v ?? t('common.none') },
    { title: t('users.roles'), dataIndex: 'roles', render: (r: Role[]) => <RoleTags roles={r} /> },
    {
      title: t('common.status'),
      key: 'status',
      width: 90,
      render: (_, u) =>
        u.disabled ? (
          <Tag color="default">{t('users.status.disabled')}</Tag>
        ) : isLocked(u) ? (
          <Tooltip title={t('users.lockedUntil', { time: new Date(u.lockedUntil!).toLocaleString() })}>
            <Tag color="warning" icon={<LockOutlined />}>
              {t('users.status.locked')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="success">{t('users.status.active')}</Tag>
        ),
    },
    { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 170, render: (v: string | null) => <Time value={v} /> },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 220,
            fixed: 'right' as const,
            render: (_: unknown, u: User) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={u.disabled ? t('users.enableConfirm', { name: u.displayName }) : t('users.disableConfirm', { name: u.displayName })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    act(() => api.patch(`/users/${u.id}`, { disabled: !u.disabled }), u.disabled ? t('users.enabled') : t('users.disabled'))
                  }
                >
                  <Button type="link" size="small" danger={!u.disabled} disabled={u.id === me.id}>
                    {u.disabled ? t('users.enable') : t('users.disable')}
                  </Button>
                </Popconfirm>
                <Button type="link" size="small" onClick={() => setResetting(u)}>
                  {t('users.resetPassword')}
                </Button>
                {isLocked(u) && (
                  <Button
                    type="link"
                    size="small"
                    icon={<UnlockOutlined />}
                    onClick={() => void act(() => api.post(`/users/${u.id}/unlock`), t('users.unlocked'))}
                  >
                    {t('users.unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('users.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Space wrap className="gs-toolbar">
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(q) => setFilter({ q: q.trim() })}
            style={{ width: 260 }}
            data-testid="user-search"
            aria-label={t('common.search')}
          />
          <Select
            allowClear
            showSearch
            placeholder={t('users.unitFilter')}
            value={filters.unitId}
            onChange={(unitId?: string) => setFilter({ unitId })}
            options={unitOptions(units.items)}
            filterOption={filterUnitOption}
            style={{ width: 240 }}
            aria-label={t('users.unitFilter')}
          />
          <Select<Role>
            allowClear
            placeholder={t('users.roleFilter')}
            value={filters.role}
            onChange={(role) => setFilter({ role })}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            style={{ width: 180 }}
            aria-label={t('users.roleFilter')}
          />
        </Space>
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1100 }}
          data-testid="user-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data.total,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: setPage,
          }}
        />
      </Card>
      <UserFormModal
        open={editing !== null}
        user={editing === 'new' ? null : editing}
        units={units.items}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void load();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}

interface UserValues {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  password: string;
  phone?: string;
  email?: string;
}

function UserFormModal({
  open,
  user,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  user: User | null;
  units: Unit[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        unitId: user.unitId ?? undefined,
        roles: user.roles,
        phone: user.phone ?? '',
        email: user.email ?? '',
      });
    } else {
      form.setFieldsValue({ roles: ['unit_user'] });
    }
  }, [open, user, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const phone = (v.phone ?? '').trim();
      const email = (v.email ?? '').trim();
      if (user) {
        await api.patch(`/users/${user.id}`, {
          displayName: v.displayName.trim(),
          unitId: v.unitId,
          roles: v.roles,
          phone: phone || null,
          email: email || null,
        });
        message.success(t('common.saved'));
      } else {
        const body: Record<string, unknown> = {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          unitId: v.unitId,
          roles: v.roles,
          password: v.password,
        };
        if (phone) body.phone = phone;
        if (email) body.email = email;
        await api.post('/users', body);
        message.success(t('users.created', { name: v.displayName.trim() }));
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
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.create')}
      width={640}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'user-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" data-testid="user-form-error" />}
      <Form form={form} layout="vertical" data-testid="user-form" disabled={saving}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={user ? undefined : t('users.usernameHelp')}
              rules={user ? [] : [req, { pattern: USERNAME_RE, message: t('users.usernameFormat') }]}
            >
              <Input disabled={!!user} autoComplete="off" data-testid="user-username" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[req, { max: 50 }]}>
              <Input data-testid="user-display-name" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="unitId" label={t('users.unit')} rules={[req]}>
              <Select
                showSearch
                options={unitOptions(units)}
                filterOption={filterUnitOption}
                placeholder={t('users.unitPlaceholder')}
                data-testid="user-unit"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roles" label={t('users.roles')} rules={[req]}>
              <Select
                mode="multiple"
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                data-testid="user-roles"
              />
            </Form.Item>
          </Col>
          {!user && (
            <Col span={24}>
              <Form.Item name="password" label={t('users.initialPassword')} extra={t('account.passwordPolicy')} rules={[req]}>
                <Input.Password autoComplete="new-password" data-testid="user-password" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="phone" label={t('users.phone')}>
              <Input data-testid="user-phone" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('common.emailFormat') }]}>
              <Input data-testid="user-email" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setProblem(null);
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await api.post(`/users/${user.id}/password`, { password: v.password });
      message.success(t('users.passwordReset', { name: user.displayName }));
      onClose();
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={user ? t('users.resetTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      forceRender
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical">
        <Form.Item name="password" label={t('account.newPassword')} extra={t('users.resetHelp')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
