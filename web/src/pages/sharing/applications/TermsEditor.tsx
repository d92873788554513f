import { Button, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FILTER_OPS, MASKING_RULES, type ApplicationDetail, type ApprovalTerms, type FilterOp, type MaskingRule, type ResourceItem } from './applicationsApi';

export interface TermsValues {
  granted: string[];
  masking: Record<string, MaskingRule | undefined>;
  rowFilter: { field?: string; op?: FilterOp; value?: string }[];
  validFrom: string;
  validUntil: string;
  quotaRequestsPerDay: number | null;
  quotaRowsPerDay: number | null;
  comment: string;
}

/** The items an application asked for, as resource items (every item when it asked for all). */
export function requestedItems(a: ApplicationDetail): ResourceItem[] {
  const items = a.resource?.items ?? [];
  return a.fields === null ? items : items.filter((i) => a.fields!.includes(i.code));
}

export function initialTerms(a: ApplicationDetail): TermsValues {
  return {
    granted: requestedItems(a).map((i) => i.code),
    masking: {},
    rowFilter: [],
    validFrom: a.validFrom ?? '',
    validUntil: a.validUntil ?? '',
    quotaRequestsPerDay: a.quotaRequestsPerDay,
    quotaRowsPerDay: a.quotaRowsPerDay,
    comment: '',
  };
}

/** The form's values as the approval body: only narrowing of what was applied for. */
export function toTerms(a: ApplicationDetail, v: TermsValues): ApprovalTerms {
  const all = a.resource?.items ?? [];
  const granted = v.granted ?? [];
  const fields = a.fields === null && all.length > 0 && granted.length === all.length ? null : all.length === 0 ? undefined : all.filter((i) => granted.includes(i.code)).map((i) => i.code);
  const masking: Record<string, MaskingRule> = {};
  for (const [code, rule] of Object.entries(v.masking ?? {})) if (rule && granted.includes(code)) masking[code] = rule;
  const rowFilter = (v.rowFilter ?? [])
    .filter((f) => f.field && f.op)
    .map((f) => {
      if (f.op === 'isnull' || f.op === 'notnull') return { field: f.field!, op: f.op };
      if (f.op === 'in') return { field: f.field!, op: f.op, value: (f.value ?? '').split(/[,，]/).map((x) => x.trim()).filter(Boolean) };
      return { field: f.field!, op: f.op!, value: f.value ?? '' };
    });
  return {
    fields,
    masking,
    rowFilter,
    validFrom: v.validFrom || null,
    validUntil: v.validUntil || null,
    quotaRequestsPerDay: v.quotaRequestsPerDay ?? null,
    quotaRowsPerDay: v.quotaRowsPerDay ?? null,
    comment: v.comment || null,
  };
}

/** The provider's approval panel: field narrowing checkboxes, masking per item, row conditions, quota, shorter validity. */
export function TermsEditor({ form, application }: { form: FormInstance<TermsValues>; application: ApplicationDetail }) {
  const { t } = useTranslation();
  const items = requestedItems(application);
  const allItems = application.resource?.items ?? [];
  const granted: string[] = Form.useWatch('granted', form) ?? initialTerms(application).granted;

  return (
    <Form form={form} layout="vertical" initialValues={initialTerms(application)} data-testid="terms-form">
      {items.length > 0 && (
        <Form.Item name="granted" style={{ marginBottom: 12 }}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={items}
              data-testid="terms-items"
              columns={[
                {
                  title: t('application.review.granted'),
                  key: 'granted',
                  width: 80,
                  render: (_, i) => <Checkbox value={i.code} data-testid={`grant-item-${i.code}`} />,
                },
                {
                  title: t('application.review.item'),
                  key: 'item',
                  render: (_, i) => (
                    <Space size={4}>
                      <span>{i.name}</span>
                      <Typography.Text type="secondary" className="gs-mono gs-small">
                        {i.code}
                      </Typography.Text>
                      {i.sensitivity !== 'none' && <Tag color="red">{t(`catalog.sensitivity.${i.sensitivity}` as never)}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('application.review.masking'),
                  key: 'masking',
                  width: 220,
                  render: (_, i) => (
                    <Form.Item name={['masking', i.code]} noStyle>
                      <Select
                        allowClear
                        size="small"
                        style={{ width: 200 }}
                        disabled={!granted.includes(i.code)}
                        placeholder={t('application.review.defaultMasking', { rule: t(`catalog.masking.${i.masking}` as never) })}
                        options={MASKING_RULES.map((m) => ({ value: m, label: t(`catalog.masking.${m}` as never) }))}
                        data-testid={`masking-${i.code}`}
                      />
                    </Form.Item>
                  ),
                },
              ]}
            />
          </Checkbox.Group>
        </Form.Item>
      )}
      {allItems.length > 0 && (
        <Form.Item label={t('application.review.rowFilter')}>
          <Form.List name="rowFilter">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} wrap>
                    <Form.Item name={[f.name, 'field']} noStyle>
                      <Select style={{ width: 200 }} placeholder={t('application.review.filterField')} options={allItems.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'op']} noStyle>
                      <Select style={{ width: 130 }} placeholder={t('application.review.filterOp')} options={FILTER_OPS.map((o) => ({ value: o, label: t(`application.op.${o}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']} noStyle>
                      <Input style={{ width: 200 }} placeholder={t('application.review.filterValue')} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ op: 'eq' })} size="small">
                  {t('application.review.addCondition')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      )}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="validFrom" label={t('application.review.validFrom')}>
            <Input type="date" data-testid="terms-valid-from" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="validUntil" label={t('application.review.validUntil')}>
            <Input type="date" data-testid="terms-valid-until" />
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
      <Form.Item name="comment" label={t('application.review.comment')}>
        <Input.TextArea rows={2} maxLength={2000} data-testid="terms-comment" />
      </Form.Item>
    </Form>
  );
}
