import { Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHARING_METHODS, type ApplicationInput, type ResourceView, type SharingMethod } from './applicationsApi';

/** What the form holds: the API input plus the "every item" switch. */
export interface ApplicationFormValues {
  allItems: boolean;
  fields: string[];
  purpose: string;
  legalBasis: string;
  scenario: string;
  scope: string;
  method: SharingMethod | null;
  consumerSystemId: string | null;
  validFrom: string;
  validUntil: string;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
}

export function toFormValues(v: ApplicationInput): ApplicationFormValues {
  return {
    allItems: v.fields === null,
    fields: v.fields ?? [],
    purpose: v.purpose ?? '',
    legalBasis: v.legalBasis ?? '',
    scenario: v.scenario ?? '',
    scope: v.scope ?? '',
    method: v.method ?? null,
    consumerSystemId: v.consumerSystemId ?? null,
    validFrom: v.validFrom ?? '',
    validUntil: v.validUntil ?? '',
    quotaRequestsPerDay: v.quotaRequestsPerDay ?? null,
    quotaRowsPerDay: v.quotaRowsPerDay ?? null,
  };
}

/** Blank text stays blank: the server lists every missing field at once when the application is submitted. */
export function toInput(v: ApplicationFormValues): ApplicationInput {
  return {
    fields: v.allItems ? null : (v.fields ?? []),
    purpose: v.purpose ?? '',
    legalBasis: v.legalBasis ?? '',
    scenario: v.scenario ?? '',
    scope: v.scope ?? '',
    method: v.method ?? null,
    consumerSystemId: v.consumerSystemId ?? null,
    validFrom: v.validFrom || null,
    validUntil: v.validUntil || null,
    quotaRequestsPerDay: v.quotaRequestsPerDay ?? null,
    quotaRowsPerDay: v.quotaRowsPerDay ?? null,
  };
}

/** The application's content: items to tick from the resource, purpose, legal basis, scenario, scope, method, system, validity. */
export function ApplicationForm(props: {
  form: FormInstance<ApplicationFormValues>;
  resource: ResourceView;
  systems: { id: string; code: string; name: string; scenario: string }[];
  initial: ApplicationFormValues;
}) {
  const { form, resource, systems, initial } = props;
  const { t } = useTranslation();
  const allItems = Form.useWatch('allItems', form) ?? initial.allItems;
  const methods = resource.sharingMethods.length ? resource.sharingMethods : [...SHARING_METHODS];

  return (
    <Form form={form} layout="vertical" initialValues={initial} data-testid="application-form">
      {resource.items.length > 0 && (
        <Form.Item label={t('application.form.items')} extra={t('application.form.itemsHelp')}>
          <Form.Item name="allItems" valuePropName="checked" noStyle>
            <Checkbox data-testid="application-all-items">{t('application.form.allItems')}</Checkbox>
          </Form.Item>
          <Form.Item name="fields" noStyle>
            <Checkbox.Group style={{ display: 'block', marginTop: 8 }} disabled={allItems} data-testid="application-items">
              <Row gutter={[8, 6]}>
                {resource.items.map((i) => (
                  <Col key={i.code} xs={24} sm={12} md={8}>
                    <Checkbox value={i.code} data-testid={`item-${i.code}`}>
                      <Space size={4}>
                        <span>{i.name}</span>
                        <Typography.Text type="secondary" className="gs-mono gs-small">
                          {i.code}
                        </Typography.Text>
                        {i.sensitivity !== 'none' && <Tag color="red">{t(`catalog.sensitivity.${i.sensitivity}` as never)}</Tag>}
                      </Space>
                    </Checkbox>
                  </Col>
                ))}
              </Row>
            </Checkbox.Group>
          </Form.Item>
        </Form.Item>
      )}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="purpose" label={t('application.form.purpose')}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('application.form.purposePlaceholder')} data-testid="application-purpose" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="legalBasis" label={t('application.form.legalBasis')}>
            <Input.TextArea rows={2} maxLength={2000} placeholder={t('application.form.legalBasisPlaceholder')} data-testid="application-legal-basis" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="scenario" label={t('application.form.scenario')}>
            <Input maxLength={500} placeholder={t('application.form.scenarioPlaceholder')} data-testid="application-scenario" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="scope" label={t('application.form.scope')}>
            <Input maxLength={500} placeholder={t('application.form.scopePlaceholder')} data-testid="application-scope" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="method" label={t('application.form.method')}>
            <Radio.Group data-testid="application-method">
              {methods.map((m) => (
                <Radio key={m} value={m}>
                  {t(`catalog.method.${m}` as never)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="consumerSystemId" label={t('application.form.system')} extra={systems.length ? undefined : t('application.form.noSystems')}>
            <Select
              allowClear
              placeholder={t('application.form.systemPlaceholder')}
              options={systems.map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))}
              data-testid="application-system"
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="validFrom" label={t('application.form.validFrom')}>
            <Input type="date" data-testid="application-valid-from" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="validUntil" label={t('application.form.validUntil')}>
            <Input type="date" data-testid="application-valid-until" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="quotaRequestsPerDay" label={t('application.form.quotaRequests')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="quotaRowsPerDay" label={t('application.form.quotaRows')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
