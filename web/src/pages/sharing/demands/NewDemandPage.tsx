import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Divider, Form, Input, Row, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { applyFieldErrors, errorMessage } from '../../../api';
import { useMe } from '../../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { PageHeader } from '../../../components/PageHeader';
import { DEMAND_METHODS, demandApi, demandLink, type DemandInput } from './demandApi';
import { ResourcePicker } from './components';

/** The form's values: the unified form with the date as the picker holds it. */
type Values = Omit<DemandInput, 'neededBy'> & { neededBy: Dayjs };

/** The unified demand form (统一格式, 第十二条). */
export default function NewDemandPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const units = useAllUnits();
  const [systems, setSystems] = useState<{ id: string; code: string; name: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    demandApi
      .formOptions()
      .then((r) => setSystems(r.systems))
      .catch(() => setSystems([]));
  }, []);

  if (!me.unitId) return <Alert type="warning" showIcon message={t('demand.form.noUnit')} />;

  const required = [{ required: true, whitespace: true, message: t('common.required') }];

  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    const body: DemandInput = {
      title: v.title,
      duty: v.duty,
      legalBasis: v.legalBasis,
      content: v.content,
      dataItems: (v.dataItems ?? []).filter((i) => i?.name?.trim()).map((i) => (i.code?.trim() ? { name: i.name.trim(), code: i.code.trim() } : { name: i.name.trim() })),
      targetResourceCode: v.targetResourceCode || null,
      targetProviderUnitId: v.targetProviderUnitId || null,
      scope: v.scope,
      purpose: v.purpose,
      method: v.method,
      systemId: v.systemId || null,
      neededBy: v.neededBy.format('YYYY-MM-DD'),
    };
    try {
      const d = await demandApi.create(body);
      message.success(t('demand.form.submitted'));
      navigate(demandLink(d.id));
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gs-page">
      <PageHeader title={t('demand.menu.new')} description={t('demand.form.description')} />
      <Card>
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ method: 'online_query', dataItems: [{ name: '' }] }} data-testid="demand-form">
          <Typography.Text type="secondary">{t('demand.form.requesterUnit', { unit: me.unitName ?? '' })}</Typography.Text>
          <Divider orientation="left">{t('demand.form.sectionDuty')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('demand.field.title')} rules={required}>
                <Input maxLength={200} data-testid="demand-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="duty" label={t('demand.field.duty')} rules={required}>
                <Input maxLength={500} data-testid="demand-duty" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="legalBasis" label={t('demand.field.legalBasis')} rules={required}>
            <Input.TextArea rows={2} maxLength={4000} data-testid="demand-legal-basis" />
          </Form.Item>

          <Divider orientation="left">{t('demand.form.sectionWanted')}</Divider>
          <Form.Item name="content" label={t('demand.field.content')} rules={required}>
            <Input.TextArea rows={3} maxLength={4000} placeholder={t('demand.form.placeholderContent')} data-testid="demand-content" />
          </Form.Item>
          <Form.Item label={t('demand.field.dataItems')}>
            <Form.List name="dataItems">
              {(fields, { add, remove }) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {fields.map((f) => (
                    <Space key={f.key} align="baseline" wrap>
                      <Form.Item name={[f.name, 'name']} noStyle>
                        <Input placeholder={t('demand.field.itemName')} style={{ width: 240 }} maxLength={100} data-testid={`demand-item-name-${f.name}`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'code']} noStyle>
                        <Input placeholder={t('demand.field.itemCode')} style={{ width: 200 }} maxLength={63} className="gs-mono" />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                    {t('demand.form.addItem')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="scope" label={t('demand.field.scope')} rules={required}>
                <Input maxLength={500} placeholder={t('demand.form.placeholderScope')} data-testid="demand-scope" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="purpose" label={t('demand.field.purpose')} rules={required}>
                <Input maxLength={500} data-testid="demand-purpose" />
              </Form.Item>
            </Col>
          </Row>

          <Divider orientation="left">{t('demand.form.sectionTarget')}</Divider>
          <Alert type="info" showIcon message={t('demand.form.targetHint')} style={{ marginBottom: 16 }} />
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="targetResourceCode" label={t('demand.field.targetResourceCode')}>
                <ResourcePicker testId="demand-target-resource" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="targetProviderUnitId" label={t('demand.field.targetProviderUnitId')}>
                <Select
                  allowClear
                  showSearch
                  loading={units.loading}
                  placeholder={t('demand.form.providerPlaceholder')}
                  options={unitOptions(units.items.filter((u) => u.id !== me.unitId))}
                  filterOption={(input, option) => filterUnitOption(input, option as { label: string; code?: string })}
                  data-testid="demand-target-provider"
                />
              </Form.Item>
            </Col>
          </Row>

          <Divider orientation="left">{t('demand.form.sectionUse')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="method" label={t('demand.field.method')} rules={[{ required: true, message: t('common.required') }]}>
                <Select options={DEMAND_METHODS.map((m) => ({ value: m, label: t(`demand.method.${m}`) }))} data-testid="demand-method" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="systemId" label={t('demand.field.systemId')}>
                <Select allowClear placeholder={t('demand.form.systemPlaceholder')} options={systems.map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))} data-testid="demand-system" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="neededBy" label={t('demand.field.neededBy')} rules={[{ required: true, message: t('common.required') }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} data-testid="demand-needed-by" />
              </Form.Item>
            </Col>
          </Row>
          {problem && <Alert className="gs-form-alert" type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="demand-submit">
              {t('demand.form.submit')}
            </Button>
            <Button onClick={() => navigate('/sharing/demands')}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
