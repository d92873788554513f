import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Upload, type UploadFile } from 'antd';
import { ArrowLeftOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import type { ResourceDetail, ResourceSummary } from '../../../catalogTypes';
import { catalogApi } from '../../catalog/catalogApi';
import { SharingTag } from '../../catalog/components';
import { keysFromParams, OBJECTION_LIMITS, objectionApi, type ObjectionInput } from './objectionApi';

/** The form's values: every part of the objection, empty when not given. */
type FormValues = Required<ObjectionInput>;

const MAX_FILES = OBJECTION_LIMITS.evidenceFilesMax;

/** 提出异议: a consumer unit's written objection with evidence, prefilled from ?resource=CODE&keys=…. */
export default function ObjectionFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const initialCode = params.get('resource') ?? '';
  const initialKeys = useMemo(() => keysFromParams(params), [params]);
  const [resource, setResource] = useState<ResourceDetail | null>(null);
  const [options, setOptions] = useState<ResourceSummary[]>([]);
  const [searching, setSearching] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const searchSeq = useRef(0);

  const loadResource = async (code: string) => {
    if (!code) {
      setResource(null);
      return;
    }
    try {
      const r = await catalogApi.resource(code);
      setResource(r);
      // Data items of another resource do not apply.
      const keep = (form.getFieldValue('fields') as string[] | undefined)?.filter((f) => r.dataItems.some((i) => i.code === f)) ?? [];
      form.setFieldValue('fields', keep);
    } catch (e) {
      setResource(null);
      setError(errorMessage(e));
    }
  };

  useEffect(() => {
    if (initialCode) void loadResource(initialCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialCode]);

  const search = async (q: string) => {
    const seq = ++searchSeq.current;
    setSearching(true);
    try {
      const r = await catalogApi.search({ q: q.trim() || undefined, facets: false, limit: 20 });
      if (seq === searchSeq.current) setOptions(r.items);
    } catch {
      if (seq === searchSeq.current) setOptions([]);
    } finally {
      if (seq === searchSeq.current) setSearching(false);
    }
  };

  useEffect(() => {
    void search('');
  }, []);

  const submit = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    const input: ObjectionInput = {
      resourceCode: v.resourceCode,
      recordKeys: v.recordKeys ?? [],
      fields: v.fields ?? [],
      description: v.description ?? '',
      evidence: v.evidence ?? '',
      expectedCorrection: v.expectedCorrection ?? '',
    };
    try {
      const created = await objectionApi.raise(input);
      for (const f of files) {
        if (!f.originFileObj) continue;
        try {
          await objectionApi.addEvidence(created.id, f.originFileObj);
        } catch (e) {
          message.warning(t('objection.form.uploadFailed', { name: f.name, error: errorMessage(e) }));
        }
      }
      message.success(t('objection.form.created'));
      navigate(`/sharing/objections/${encodeURIComponent(created.id)}`);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setError([errorMessage(e), ...rest.filter((m) => m !== errorMessage(e))].join('；'));
    } finally {
      setSaving(false);
    }
  };

  const resourceOptions = useMemo(() => {
    const list: Pick<ResourceSummary, 'code' | 'name' | 'providerUnitName'>[] = [...options];
    if (resource && !list.some((o) => o.code === resource.code)) list.unshift(resource);
    return list.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）· ${o.providerUnitName}` }));
  }, [options, resource]);

  return (
    <div className="gs-page">
      <PageHeader
        title={t('objection.form.title')}
        description={t('objection.form.description')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/sharing/objections')}>
            {t('objection.detail.back')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} data-testid="objection-form-error" />}
      <Card size="small">
        <Form<FormValues>
          form={form}
          layout="vertical"
          style={{ maxWidth: 860 }}
          initialValues={{ resourceCode: initialCode || undefined, recordKeys: initialKeys, fields: [], description: '', evidence: '', expectedCorrection: '' }}
          onFinish={(v) => void submit(v)}
          data-testid="objection-form"
        >
          <Form.Item name="resourceCode" label={t('objection.form.resource')} rules={[{ required: true, message: t('objection.form.resourceRequired') }]}>
            <Select
              showSearch
              filterOption={false}
              placeholder={t('objection.form.resourcePlaceholder')}
              onSearch={(q) => void search(q)}
              onChange={(code: string) => void loadResource(code)}
              loading={searching}
              options={resourceOptions}
              data-testid="objection-resource"
            />
          </Form.Item>
          {resource && (
            <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('objection.form.provider')}>{resource.providerUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('objection.form.sharingType')}>
                <SharingTag type={resource.sharingType} />
              </Descriptions.Item>
            </Descriptions>
          )}
          <Form.Item name="recordKeys" label={t('objection.form.recordKeys')} extra={t('objection.form.recordKeysHelp')}>
            <Select mode="tags" tokenSeparators={['\n', '\t']} open={false} suffixIcon={null} data-testid="objection-keys" />
          </Form.Item>
          <Form.Item name="fields" label={t('objection.form.fields')} extra={t('objection.form.fieldsHelp')}>
            <Select
              mode="multiple"
              allowClear
              disabled={!resource}
              optionFilterProp="label"
              options={(resource?.dataItems ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
              data-testid="objection-fields"
            />
          </Form.Item>
          <Form.Item name="description" label={t('objection.form.descriptionLabel')} rules={[{ required: true, whitespace: true, message: t('objection.form.required') }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('objection.form.descriptionPlaceholder')} data-testid="objection-description" />
          </Form.Item>
          <Form.Item name="evidence" label={t('objection.form.evidence')}>
            <Input.TextArea rows={3} maxLength={4000} placeholder={t('objection.form.evidencePlaceholder')} data-testid="objection-evidence" />
          </Form.Item>
          <Form.Item label={t('objection.form.files')} extra={t('objection.form.filesHelp')}>
            <Upload
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_FILES))}
              accept=".pdf,.ofd,.doc,.docx,.xlsx,.pptx,.txt,.csv,.zip,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff"
            >
              <Button icon={<PaperClipOutlined />} data-testid="objection-files">
                {t('objection.form.choose')}
              </Button>
            </Upload>
          </Form.Item>
          <Form.Item name="expectedCorrection" label={t('objection.form.expected')} rules={[{ required: true, whitespace: true, message: t('objection.form.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('objection.form.expectedPlaceholder')} data-testid="objection-expected" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={saving} data-testid="objection-submit">
              {t('objection.form.submit')}
            </Button>
            <Button onClick={() => navigate('/sharing/objections')}>{t('objection.form.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
