import { useMemo, type MutableRefObject } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tooltip, Typography, type FormInstance, type TableProps } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, MinusCircleOutlined, PlusOutlined, ProfileOutlined, WarningOutlined } from '@ant-design/icons';
import type { FormListFieldData } from 'antd/es/form/FormList';
import { useTranslation } from 'react-i18next';
import {
  DATA_TYPES,
  MASKING_RULES,
  SENSITIVITIES,
  dataTypeSizing,
  type CodeSetEntry,
  type DataElement,
  type DataType,
  type MaskingCustom,
  type MaskingRule,
  type Sensitivity,
} from '../../catalogTypes';

/** One row of the data-item editor, as the form holds it. */
export interface ItemRow {
  name?: string;
  code?: string;
  dataType?: DataType;
  length?: number | null;
  precision?: number | null;
  required?: boolean;
  isKey?: boolean;
  description?: string;
  codeSet?: CodeSetEntry[];
  sensitivity?: Sensitivity;
  masking?: MaskingRule;
  maskingCustom?: Partial<MaskingCustom> | null;
  elementCode?: string | null;
}

export const ITEM_CODE_RE = /^[a-z][a-z0-9_]{0,62}$/;

export function newItemRow(): ItemRow {
  return { dataType: 'C', length: 50, required: false, isKey: false, sensitivity: 'none', masking: 'none', codeSet: [], elementCode: null, description: '' };
}

/** The server's default (validate.ts defaultMasking), applied as the steward marks an item sensitive. */
export function suggestMasking(name: string): MaskingRule {
  if (/公民身份号码|身份证/.test(name)) return 'id_card';
  if (/手机|电话|联系方式/.test(name)) return 'phone';
  if (/账号|帐号|银行卡/.test(name)) return 'bank_account';
  if (/地址|住址|居住地/.test(name)) return 'address';
  if (/姓名|名字/.test(name)) return 'name';
  return 'none';
}

interface Props {
  form: FormInstance;
  providerUnitId: string | null;
  elements: DataElement[];
  expanded: number[];
  onExpandedChange: (keys: number[]) => void;
  /** Receives the list's current fields, so a caller can turn a row index into its key. */
  fieldsRef?: MutableRefObject<{ key: number }[]>;
  disabled?: boolean;
}

/**
 * The 信息项 editor: an editable table bound to the form's `dataItems` list, so the server's
 * per-field errors (body.dataItems.3.length) land on the very cell. Code sets and descriptions
 * live in an expandable row to keep the table readable.
 */
export function DataItemEditor({ form, providerUnitId, elements, expanded, onExpandedChange, fieldsRef, disabled }: Props) {
  const { t } = useTranslation();
  const rows = (Form.useWatch('dataItems', form) as ItemRow[] | undefined) ?? [];
  const byCode = useMemo(() => new Map(elements.map((e) => [e.code, e])), [elements]);
  const elementOptions = useMemo(
    () => elements.map((e) => ({ value: e.code, label: e.name, search: `${e.name} ${e.code}`, code: e.code, unit: e.authoritativeUnitName })),
    [elements],
  );
  const req = { required: true, message: t('common.required') };

  const onSensitivity = (index: number, value: Sensitivity) => {
    const row = rows[index] ?? {};
    if (value === 'none') form.setFieldValue(['dataItems', index, 'masking'], 'none');
    else if (!row.masking || row.masking === 'none') form.setFieldValue(['dataItems', index, 'masking'], suggestMasking(row.name ?? ''));
  };

  const onType = (index: number, value: DataType) => {
    const sizing = dataTypeSizing(value);
    if (!sizing.length) form.setFieldValue(['dataItems', index, 'length'], null);
    if (!sizing.precision) form.setFieldValue(['dataItems', index, 'precision'], null);
    else if (rows[index]?.precision == null) form.setFieldValue(['dataItems', index, 'precision'], 0);
  };

  return (
    <Form.List name="dataItems">
      {(fields, { add, remove, move }, { errors }) => {
        if (fieldsRef) fieldsRef.current = fields;
        const columns: TableProps<FormListFieldData>['columns'] = [
          {
            title: '#',
            key: 'seq',
            width: 36,
            align: 'center',
            fixed: 'left',
            render: (_, f) => <span className="gs-muted gs-cell-text">{f.name + 1}</span>,
          },
          {
            title: <span className="gs-req">{t('catalog.item.name')}</span>,
            key: 'name',
            width: 132,
            fixed: 'left',
            render: (_, f) => (
              <Form.Item name={[f.name, 'name']} rules={[req, { max: 200 }]} className="gs-cell-item">
                <Input placeholder={t('catalog.editor.itemNamePh')} data-testid={`item-${f.name}-name`} aria-label={t('catalog.item.name')} />
              </Form.Item>
            ),
          },
          {
            title: (
              <Tooltip title={t('catalog.editor.itemCodeHelp')}>
                <span className="gs-req">{t('catalog.item.code')}</span>
              </Tooltip>
            ),
            key: 'code',
            width: 110,
            render: (_, f) => (
              <Form.Item
                name={[f.name, 'code']}
                rules={[req, { pattern: ITEM_CODE_RE, message: t('catalog.editor.itemCodeFormat') }]}
                normalize={(v: string) => v?.trim()}
                className="gs-cell-item"
              >
                <Input className="gs-mono" placeholder="id_number" data-testid={`item-${f.name}-code`} aria-label={t('catalog.item.code')} />
              </Form.Item>
            ),
          },
          {
            title: <span className="gs-req">{t('catalog.item.dataType')}</span>,
            key: 'dataType',
            width: 116,
            render: (_, f) => (
              <Form.Item name={[f.name, 'dataType']} rules={[req]} className="gs-cell-item">
                <Select<DataType>
                  options={DATA_TYPES.map((d) => ({ value: d, label: `${d} ${t(`catalog.dataType.${d}`)}` }))}
                  onChange={(v) => onType(f.name, v)}
                  popupMatchSelectWidth={false}
                  data-testid={`item-${f.name}-type`}
                  aria-label={t('catalog.item.dataType')}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.length'),
            key: 'length',
            width: 66,
            render: (_, f) => {
              const sizing = dataTypeSizing(rows[f.name]?.dataType);
              return (
                <Form.Item
                  name={[f.name, 'length']}
                  rules={sizing.length ? [req] : []}
                  className="gs-cell-item"
                >
                  <InputNumber
                    min={1}
                    max={rows[f.name]?.dataType === 'C' ? 4000 : 38}
                    precision={0}
                    disabled={!sizing.length}
                    style={{ width: '100%' }}
                    data-testid={`item-${f.name}-length`}
                    aria-label={t('catalog.item.length')}
                  />
                </Form.Item>
              );
            },
          },
          {
            title: <Tooltip title={t('catalog.item.precision')}>{t('catalog.editor.colPrecision')}</Tooltip>,
            key: 'precision',
            width: 60,
            render: (_, f) => {
              const sizing = dataTypeSizing(rows[f.name]?.dataType);
              return (
                <Form.Item name={[f.name, 'precision']} rules={sizing.precision ? [req] : []} className="gs-cell-item">
                  <InputNumber
                    min={0}
                    max={38}
                    precision={0}
                    disabled={!sizing.precision}
                    style={{ width: '100%' }}
                    data-testid={`item-${f.name}-precision`}
                    aria-label={t('catalog.item.precision')}
                  />
                </Form.Item>
              );
            },
          },
          {
            title: t('catalog.item.isKey'),
            key: 'isKey',
            width: 46,
            align: 'center',
            render: (_, f) => (
              <Form.Item name={[f.name, 'isKey']} valuePropName="checked" className="gs-cell-item">
                <Checkbox
                  data-testid={`item-${f.name}-key`}
                  aria-label={t('catalog.item.isKey')}
                  onChange={(e) => e.target.checked && form.setFieldValue(['dataItems', f.name, 'required'], true)}
                />
              </Form.Item>
            ),
          },
          {
            title: <Tooltip title={t('catalog.item.required')}>{t('catalog.editor.colRequired')}</Tooltip>,
            key: 'required',
            width: 46,
            align: 'center',
            render: (_, f) => (
              <Form.Item name={[f.name, 'required']} valuePropName="checked" className="gs-cell-item">
                <Checkbox data-testid={`item-${f.name}-required`} aria-label={t('catalog.item.required')} />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.sensitivity'),
            key: 'sensitivity',
            width: 110,
            render: (_, f) => (
              <Form.Item name={[f.name, 'sensitivity']} className="gs-cell-item">
                <Select<Sensitivity>
                  options={SENSITIVITIES.map((s) => ({ value: s, label: t(`catalog.sensitivity.${s}`) }))}
                  onChange={(v) => onSensitivity(f.name, v)}
                  popupMatchSelectWidth={false}
                  data-testid={`item-${f.name}-sensitivity`}
                  aria-label={t('catalog.item.sensitivity')}
                />
              </Form.Item>
            ),
          },
          {
            title: t('catalog.item.masking'),
            key: 'masking',
            width: 140,
            render: (_, f) => {
              const row = rows[f.name] ?? {};
              return (
                <>
                  <Form.Item name={[f.name, 'masking']} className="gs-cell-item">
                    <Select<MaskingRule>
                      options={MASKING_RULES.map((m) => ({ value: m, label: t(`catalog.masking.${m}`) }))}
                      disabled={row.sensitivity === 'none' || !row.sensitivity}
                      popupMatchSelectWidth={false}
                      data-testid={`item-${f.name}-masking`}
                      aria-label={t('catalog.item.masking')}
                    />
                  </Form.Item>
                  {row.masking === 'custom' && (
                    <Space.Compact size="small" className="gs-cell-custom">
                      <Form.Item name={[f.name, 'maskingCustom', 'keepStart']} noStyle initialValue={1}>
                        <InputNumber min={0} max={64} precision={0} style={{ width: 48 }} aria-label={t('catalog.item.keepStart')} title={t('catalog.item.keepStart')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'maskingCustom', 'maskChar']} noStyle initialValue="*">
                        <Input maxLength={1} style={{ width: 34, textAlign: 'center' }} aria-label={t('catalog.item.maskChar')} title={t('catalog.item.maskChar')} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'maskingCustom', 'keepEnd']} noStyle initialValue={1}>
                        <InputNumber min={0} max={64} precision={0} style={{ width: 48 }} aria-label={t('catalog.item.keepEnd')} title={t('catalog.item.keepEnd')} />
                      </Form.Item>
                    </Space.Compact>
                  )}
                </>
              );
            },
          },
          {
            title: t('catalog.item.elementCode'),
            key: 'elementCode',
            width: 170,
            render: (_, f) => {
              const code = rows[f.name]?.elementCode;
              const el = code ? byCode.get(code) : undefined;
              const dup = el && providerUnitId && el.authoritativeUnitId !== providerUnitId;
              return (
                <Space.Compact block>
                  <Form.Item name={[f.name, 'elementCode']} className="gs-cell-item" style={{ flex: 1, minWidth: 0 }}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="search"
                      options={elementOptions}
                      placeholder={t('catalog.editor.elementPh')}
                      popupMatchSelectWidth={false}
                      optionRender={(o) => (
                        <span>
                          {o.data.label}
                          <Typography.Text type="secondary" className="gs-small">
                            {' '}
                            {o.data.code} · {o.data.unit}
                          </Typography.Text>
                        </span>
                      )}
                      data-testid={`item-${f.name}-element`}
                      aria-label={t('catalog.item.elementCode')}
                    />
                  </Form.Item>
                  {dup && (
                    <Tooltip title={t('catalog.item.duplicateHint', { unit: el.authoritativeUnitName, element: el.name })}>
                      <Button icon={<WarningOutlined />} className="gs-dup-button" aria-label={t('catalog.item.duplicate')} data-testid={`item-${f.name}-duplicate`} />
                    </Tooltip>
                  )}
                </Space.Compact>
              );
            },
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 108,
            fixed: 'right',
            render: (_, f) => (
              <Space size={0}>
                <Tooltip title={t('catalog.editor.moveUp')}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={f.name === 0} onClick={() => move(f.name, f.name - 1)} aria-label={t('catalog.editor.moveUp')} />
                </Tooltip>
                <Tooltip title={t('catalog.editor.moveDown')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    disabled={f.name === fields.length - 1}
                    onClick={() => move(f.name, f.name + 1)}
                    aria-label={t('catalog.editor.moveDown')}
                  />
                </Tooltip>
                <Tooltip title={t('catalog.editor.more')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ProfileOutlined />}
                    className={expanded.includes(f.key) ? 'gs-active-icon' : undefined}
                    onClick={() => onExpandedChange(expanded.includes(f.key) ? expanded.filter((k) => k !== f.key) : [...expanded, f.key])}
                    aria-label={t('catalog.editor.more')}
                  />
                </Tooltip>
                <Tooltip title={t('common.remove')}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} data-testid={`item-${f.name}-remove`} />
                </Tooltip>
              </Space>
            ),
          },
        ];
        return (
          <>
            <Table<FormListFieldData>
              rowKey="key"
              size="small"
              className="gs-item-editor"
              dataSource={fields}
              columns={columns}
              pagination={false}
              scroll={{ x: 1140 }}
              data-testid="item-editor"
              expandable={{
                expandedRowKeys: expanded,
                showExpandColumn: false,
                expandedRowRender: (f) => <ItemDetails field={f} />,
              }}
              locale={{ emptyText: t('catalog.item.none') }}
            />
            <Form.ErrorList errors={errors} className="gs-list-errors" />
            <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add(newItemRow())} className="gs-item-add" data-testid="item-add" disabled={disabled}>
              {t('catalog.editor.addItem')}
            </Button>
          </>
        );
      }}
    </Form.List>
  );
}

/** The expandable part of a row: description and the code set (value list). */
function ItemDetails({ field }: { field: FormListFieldData }) {
  const { t } = useTranslation();
  return (
    <div className="gs-item-details">
      <Form.Item name={[field.name, 'description']} label={t('catalog.item.description')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} data-testid={`item-${field.name}-description`} />
      </Form.Item>
      <Typography.Text className="gs-item-details-label">{t('catalog.item.codeSet')}</Typography.Text>
      <Form.List name={[field.name, 'codeSet']}>
        {(entries, { add, remove }, { errors }) => (
          <div className="gs-codeset">
            {entries.map((e) => (
              <Space key={e.key} align="baseline" className="gs-codeset-row">
                <Form.Item name={[e.name, 'value']} rules={[{ required: true, message: t('common.required') }]}>
                  <Input placeholder={t('catalog.editor.codeValue')} style={{ width: 120 }} className="gs-mono" />
                </Form.Item>
                <Form.Item name={[e.name, 'label']} rules={[{ required: true, message: t('common.required') }]}>
                  <Input placeholder={t('catalog.editor.codeLabel')} style={{ width: 220 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(e.name)} aria-label={t('common.remove')} className="gs-muted" />
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '', label: '' })}>
              {t('catalog.editor.addCode')}
            </Button>
          </div>
        )}
      </Form.List>
    </div>
  );
}
