import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, applyFieldErrors, errorMessage } from '../../../api';
import { Time } from '../../../components/labels';
import { workflowApi, type OaHook } from './workflowApi';

/** A unit steward's OA webhook: where the unit's sharing notifications are pushed, signed. */
export function OaHookCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ url: string; enabled: boolean }>();
  const [hook, setHook] = useState<OaHook | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      const h = await workflowApi.oaHook();
      setHook(h);
      form.setFieldsValue({ url: h.url, enabled: h.enabled });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setHook(null);
        form.setFieldsValue({ url: '', enabled: true });
      } else setError(errorMessage(e));
    }
  }, [form]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (rotateSecret = false) => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const h = await workflowApi.setOaHook({ url: values.url, enabled: values.enabled, rotateSecret: rotateSecret || undefined });
      setHook(h);
      setSecret(h.secret ?? null);
      void message.success(t('workflow.oa.saved'));
    } catch (e) {
      const unmatched = applyFieldErrors(form, e);
      if (unmatched.length || !(e instanceof ApiError) || e.errors.length === 0) void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    try {
      await workflowApi.deleteOaHook();
      setSecret(null);
      void message.success(t('workflow.oa.removed'));
      await load();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };

  return (
    <Card size="small" title={t('workflow.oa.title')} data-testid="oa-hook-card">
      <Typography.Paragraph type="secondary">{t('workflow.oa.description')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {secret && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('workflow.oa.secret')}
          description={
            <Typography.Text copyable code data-testid="oa-secret">
              {secret}
            </Typography.Text>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ url: '', enabled: true }} style={{ maxWidth: 640 }}>
        <Form.Item name="url" label={t('workflow.oa.url')} extra={t('workflow.oa.urlHelp')} rules={[{ required: true }]}>
          <Input placeholder="https://oa.example.internal/govshare/notify" />
        </Form.Item>
        <Form.Item name="enabled" label={t('workflow.oa.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            {t('workflow.oa.save')}
          </Button>
          {hook && (
            <>
              <Button onClick={() => void save(true)}>{t('workflow.oa.rotate')}</Button>
              <Popconfirm title={t('workflow.oa.removeConfirm')} onConfirm={() => void remove()}>
                <Button danger>{t('workflow.oa.remove')}</Button>
              </Popconfirm>
              <Typography.Text type="secondary" className="gs-small">
                {t('workflow.oa.updatedAt')} <Time value={hook.updatedAt} />
              </Typography.Text>
            </>
          )}
          {!hook && <Typography.Text type="secondary">{t('workflow.oa.none')}</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}
