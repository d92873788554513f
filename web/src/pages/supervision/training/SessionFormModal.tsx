import { useEffect, useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../../api';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { cstDateTime } from './components';
import { TOPICS, trainingApi, type SessionDetail, type Topic } from './trainingApi';

interface Values {
  title: string;
  date: string;
  time: string;
  topic: Topic;
  organizerUnitId: string;
  location?: string;
  trainer?: string;
  hours?: number | null;
  description?: string;
}

/** Records or edits a session: the start is entered as a CST day and time. */
export function SessionFormModal({ open, session, defaultOrganizer, onClose, onSaved }: { open: boolean; session?: SessionDetail | null; defaultOrganizer?: string | null; onClose: () => void; onSaved: (s: SessionDetail) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const units = useAllUnits();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    if (session) {
      const [date, time] = cstDateTime(session.startsAt).split(' ');
      form.setFieldsValue({ title: session.title, date, time, topic: session.topic, organizerUnitId: session.organizerUnitId, location: session.location ?? '', trainer: session.trainer ?? '', hours: session.hours, description: session.description ?? '' });
    } else {
      form.resetFields();
      form.setFieldsValue({ topic: 'both', time: '09:00', organizerUnitId: defaultOrganizer ?? undefined });
    }
  }, [open, session, defaultOrganizer, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    const body = {
      title: v.title,
      startsAt: `${v.date.trim()}T${(v.time || '09:00').trim()}:00+08:00`,
      topic: v.topic,
      organizerUnitId: v.organizerUnitId,
      location: v.location || null,
      trainer: v.trainer || null,
      hours: v.hours ?? null,
      description: v.description || null,
    };
    try {
      const s = session ? await trainingApi.update(session.id, body) : await trainingApi.create(body);
      onSaved(s);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      if (rest.length || !(e instanceof Error)) setError([errorMessage(e), ...rest].join(' '));
      else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const req = [{ required: true, message: t('training.form.required') }];
  return (
    <Modal open={open} title={t(session ? 'training.form.editTitle' : 'training.form.createTitle')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" data-testid="training-session-form">
        <Form.Item name="title" label={t('training.form.title')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('training.form.startsAt')} required style={{ marginBottom: 0 }}>
          <Space.Compact block>
            <Form.Item name="date" rules={[...req, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]} style={{ display: 'inline-block', width: '60%' }}>
              <Input placeholder="YYYY-MM-DD" data-testid="training-date" />
            </Form.Item>
            <Form.Item name="time" rules={[{ pattern: /^\d{2}:\d{2}$/, message: 'HH:mm' }]} style={{ display: 'inline-block', width: '40%' }}>
              <Input placeholder="HH:mm" addonAfter="CST" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="topic" label={t('training.form.topic')} rules={req}>
          <Select options={TOPICS.map((x) => ({ value: x, label: t(`training.topic.${x}`) }))} />
        </Form.Item>
        <Form.Item name="organizerUnitId" label={t('training.form.organizer')} rules={req}>
          <Select showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} loading={units.loading} />
        </Form.Item>
        <Form.Item name="location" label={t('training.form.location')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="trainer" label={t('training.form.trainer')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="hours" label={t('training.form.hours')}>
          <InputNumber min={0} max={100} step={0.5} />
        </Form.Item>
        <Form.Item name="description" label={t('training.form.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
