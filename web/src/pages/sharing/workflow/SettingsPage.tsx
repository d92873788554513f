import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, applyFieldErrors, errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { DEADLINE_KINDS, SETTING_MAX_DAYS, workflowApi, type DeadlineKind, type DeadlineSettings } from './workflowApi';

/** 时限设置 (R13 "all are settings"): the working-day deadlines of the sharing workflow. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const editable = me.kind === 'user' && hasAnyRole(me, ['authority_reviewer', 'platform_admin']);
  const [form] = Form.useForm<DeadlineSettings>();
  const [defaults, setDefaults] = useState<DeadlineSettings | null>(null);
  const [current, setCurrent] = useState<DeadlineSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      const r = await workflowApi.settings();
      setDefaults(r.defaults);
      setCurrent(r.settings);
      form.setFieldsValue(r.settings);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async () => {
    const values = await form.validateFields();
    const patch: Partial<DeadlineSettings> = {};
    for (const k of DEADLINE_KINDS) if (current && values[k] !== current[k]) patch[k] = values[k];
    if (Object.keys(patch).length === 0) {
      void message.info(t('workflow.settings.saved'));
      return;
    }
    setSaving(true);
    try {
      const r = await workflowApi.updateSettings(patch);
      setCurrent(r.settings);
      form.setFieldsValue(r.settings);
      void message.success(t('workflow.settings.saved'));
    } catch (e) {
      const unmatched = applyFieldErrors(form, e);
      if (unmatched.length || !(e instanceof ApiError) || e.errors.length === 0) void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const rows = DEADLINE_KINDS.map((k) => ({ key: k }));

  return (
    <div className="gs-page">
      <PageHeader
        title={t('workflow.settings.title')}
        description={t('workflow.settings.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('workflow.common.reload')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {!editable && <Alert type="info" showIcon message={t('workflow.settings.readOnly')} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Form form={form} component={false} disabled={!editable}>
          <Table<{ key: DeadlineKind }>
            rowKey="key"
            size="middle"
            pagination={false}
            dataSource={rows}
            data-testid="deadline-settings"
            columns={[
              {
                title: t('workflow.settings.kind'),
                key: 'kind',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    {t(`workflow.deadline.${r.key}`)}
                    <Typography.Text type="secondary" className="gs-mono gs-small">
                      {r.key}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('workflow.settings.days'),
                key: 'days',
                width: 200,
                render: (_, r) => (
                  <Form.Item name={r.key} style={{ margin: 0 }} rules={[{ required: true }, { type: 'integer', min: 1, max: SETTING_MAX_DAYS }]}>
                    <InputNumber min={1} max={SETTING_MAX_DAYS} precision={0} addonAfter={t('workflow.settings.days')} data-testid={`deadline-${r.key}`} />
                  </Form.Item>
                ),
              },
              {
                title: '',
                key: 'default',
                width: 200,
                render: (_, r) => (defaults ? <Typography.Text type="secondary">{t('workflow.settings.defaultDays', { count: defaults[r.key] })}</Typography.Text> : null),
              },
            ]}
          />
        </Form>
        {editable && (
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-deadlines">
              {t('workflow.settings.save')}
            </Button>
            <Button onClick={() => defaults && form.setFieldsValue(defaults)}>{t('workflow.settings.reset')}</Button>
          </Space>
        )}
      </Card>
    </div>
  );
}
