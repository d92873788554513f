import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Form, Input, Radio, Select, Typography, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { useMe } from '../../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { PageHeader } from '../../../components/PageHeader';
import { complaintApi, type ComplaintInput } from './complaintApi';

/** 提出投诉: about another unit's violation, to the supervision department or the IT authority, with evidence files. */
export default function ComplaintFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const units = useAllUnits();
  const [form] = Form.useForm<ComplaintInput>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const c = await complaintApi.submit({ ...v, category: v.category ?? null });
      for (const f of files) if (f.originFileObj) await complaintApi.uploadEvidence(c.id, f.originFileObj as File);
      message.success(t('complaint.form.done'));
      navigate(`/supervision/complaints/${encodeURIComponent(c.id)}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('complaint.menu.new')} description={t('complaint.form.description')} />
      <Card data-testid="complaint-form">
        <Form form={form} layout="vertical" initialValues={{ addressee: 'supervision' }} style={{ maxWidth: 720 }}>
          <Form.Item name="targetUnitId" label={t('complaint.list.target')} rules={[{ required: true }]}>
            <Select showSearch options={unitOptions(units.items.filter((u) => u.id !== me?.unitId))} filterOption={filterUnitOption} data-testid="complaint-target" />
          </Form.Item>
          <Form.Item name="addressee" label={t('complaint.list.addressee')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="supervision">{t('complaint.addressee.supervision')}</Radio>
              <Radio value="authority">{t('complaint.addressee.authority')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="category" label={t('complaint.form.category')}>
            <Select allowClear options={[1, 2, 3, 4, 5, 6, 7, 8].map((c) => ({ value: c, label: t(`violation.category.c${c}` as never) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('complaint.list.title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input maxLength={200} data-testid="complaint-title" />
          </Form.Item>
          <Form.Item name="text" label={t('complaint.form.text')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
            <Input.TextArea rows={6} maxLength={4000} data-testid="complaint-text" />
          </Form.Item>
          <Form.Item label={t('complaint.detail.evidence')}>
            <Upload multiple beforeUpload={() => false} fileList={files} onChange={(i) => setFiles(i.fileList.slice(0, 10))}>
              <Button icon={<UploadOutlined />}>{t('complaint.form.addFile')}</Button>
            </Upload>
            <Typography.Text type="secondary">{t('complaint.form.fileHint')}</Typography.Text>
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('complaint.form.protection')}</Typography.Paragraph>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="complaint-submit">
            {t('complaint.form.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
