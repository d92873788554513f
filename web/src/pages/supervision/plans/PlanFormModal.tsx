import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { FUNDING_SOURCES, PLAN_KINDS, planApi, type PlanDetail, type PlanInput } from './planApi';

/** Creates a plan item (with milestones) or edits one (without: milestones are edited on the detail page). */
export function PlanFormModal({ open, item, year, onClose, onSaved }: { open: boolean; item?: PlanDetail | null; year: number; onClose: () => void; onSaved: (d: PlanDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlanInput>();
  const units = useAllUnits();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (item) form.setFieldsValue({ year: item.year, kind: item.kind, title: item.title, ownerUnitId: item.ownerUnitId, content: item.content, budget: item.budget, fundingSource: item.fundingSource, fundingNote: item.fundingNote ?? '' });
    else form.setFieldsValue({ year, kind: 'infrastructure', fundingSource: 'fiscal', milestones: [] });
  }, [open, item, year, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const body = { ...v, budget: String(v.budget).trim(), fundingNote: v.fundingNote || null };
      if (item) {
        const { milestones: _m, ...patch } = body;
        void _m;
        onSaved(await planApi.update(item.id, patch));
      } else onSaved(await planApi.create(body));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setError([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  const req = [{ required: true, message: t('plan.form.required') }];
  return (
    <Modal open={open} title={t(item ? 'plan.form.editTitle' : 'plan.form.createTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden width={720}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" data-testid="plan-form">
        <Space wrap>
          <Form.Item name="year" label={t('plan.form.year')} rules={req}>
            <InputNumber min={2000} max={2099} />
          </Form.Item>
          <Form.Item name="kind" label={t('plan.form.kind')} rules={req}>
            <Select style={{ width: 180 }} options={PLAN_KINDS.map((k) => ({ value: k, label: t(`plan.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="fundingSource" label={t('plan.form.funding')} rules={req}>
            <Select style={{ width: 160 }} options={FUNDING_SOURCES.map((k) => ({ value: k, label: t(`plan.funding.${k}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('plan.form.title')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="ownerUnitId" label={t('plan.form.owner')} rules={req}>
          <Select showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} loading={units.loading} />
        </Form.Item>
        <Form.Item name="content" label={t('plan.form.content')} rules={req}>
          <Input.TextArea rows={3} maxLength={8000} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="budget" label={t('plan.form.budget')} extra={t('plan.form.budgetHint')} rules={[...req, { pattern: /^\d{1,13}(\.\d{1,2})?$/, message: t('plan.form.budgetHint') }]}>
            <Input style={{ width: 220 }} inputMode="decimal" addonAfter="元" />
          </Form.Item>
          <Form.Item name="fundingNote" label={t('plan.form.fundingNote')}>
            <Input style={{ width: 300 }} maxLength={200} />
          </Form.Item>
        </Space>
        {!item && (
          <Form.List name="milestones">
            {(fields, { add, remove }) => (
              <Form.Item label={t('plan.form.milestones')}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'title']} rules={req}>
                      <Input placeholder={t('plan.form.milestoneTitle')} style={{ width: 280 }} maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueDate']} rules={[...req, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
                      <Input placeholder={`${t('plan.form.dueDate')} YYYY-MM-DD`} style={{ width: 200 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '', dueDate: '' })}>
                  {t('plan.form.addMilestone')}
                </Button>
              </Form.Item>
            )}
          </Form.List>
        )}
      </Form>
    </Modal>
  );
}
