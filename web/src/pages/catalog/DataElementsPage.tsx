import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Typography, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import { DATA_TYPES, dataTypeSizing, type DataElement, type DataType } from '../../catalogTypes';
import { catalogApi } from './catalogApi';
import { dataTypeLabel, useDataElements } from './components';

interface Values {
  code: string;
  name: string;
  definition?: string;
  dataType: DataType;
  length?: number | null;
  authoritativeUnitId: string;
}

/** 数据元: the standard data elements and the unit authoritative for collecting each (one data, one source). */
export default function DataElementsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const elements = useDataElements();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<DataElement | 'new' | null>(null);
  const canManage = hasAnyRole(me, ['authority_reviewer']);

  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    if (!s) return elements.items;
    return elements.items.filter((e) => e.name.includes(s) || e.code.toLowerCase().includes(s) || e.authoritativeUnitName.includes(s));
  }, [elements.items, q]);

  const columns: TableProps<DataElement>['columns'] = [
    { title: t('catalog.elements.code'), dataIndex: 'code', width: 160, render: (v: string) => <span className="gs-mono">{v}</span> },
    {
      title: t('catalog.elements.name'),
      dataIndex: 'name',
      width: 200,
      render: (_, e) => (
        <div>
          <Typography.Text strong>{e.name}</Typography.Text>
          {e.definition && (
            <div>
              <Typography.Text type="secondary" className="gs-small">
                {e.definition}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: t('catalog.item.dataType'), dataIndex: 'dataType', width: 120, render: (v: DataType) => dataTypeLabel(t, v) },
    { title: t('catalog.item.length'), dataIndex: 'length', width: 80, render: (v: number | null) => v ?? t('common.none') },
    { title: t('catalog.elements.authority'), dataIndex: 'authoritativeUnitName', width: 200 },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, e: DataElement) => (
              <Button type="link" size="small" onClick={() => setEditing(e)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('catalog.elements.title')}
        description={t('catalog.elements.description')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="element-create">
              {t('catalog.elements.create')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Space wrap className="gs-toolbar">
          <Input.Search allowClear placeholder={t('catalog.elements.searchPh')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 300 }} />
        </Space>
        <Table<DataElement>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={elements.loading}
          scroll={{ x: 900 }}
          data-testid="elements-table"
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
        />
      </Card>
      <ElementModal
        element={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          elements.reload();
        }}
      />
    </div>
  );
}

function ElementModal({ element, onClose, onSaved }: { element: DataElement | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const dataType = Form.useWatch('dataType', form);
  const existing = element && element !== 'new' ? element : null;

  useEffect(() => {
    if (!element) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(
      existing
        ? { code: existing.code, name: existing.name, definition: existing.definition, dataType: existing.dataType, length: existing.length, authoritativeUnitId: existing.authoritativeUnitId }
        : { dataType: 'C', length: 50 },
    );
  }, [element, existing, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    const sized = dataTypeSizing(v.dataType).length;
    const body = { name: v.name.trim(), definition: v.definition?.trim() ?? '', dataType: v.dataType, length: sized ? (v.length ?? null) : null, authoritativeUnitId: v.authoritativeUnitId };
    try {
      if (existing) await catalogApi.updateElement(existing.code, body);
      else await catalogApi.createElement({ code: v.code.trim(), ...body });
      message.success(t('common.saved'));
      onSaved();
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  const req = { required: true, message: t('common.required') };
  return (
    <Modal
      open={!!element}
      title={existing ? t('catalog.elements.editTitle', { name: existing.name }) : t('catalog.elements.create')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'element-form-submit' }}
      width={640}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="code" label={t('catalog.elements.code')} rules={[req, { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, message: t('catalog.elements.codeFormat') }]}>
              <Input className="gs-mono" disabled={!!existing} placeholder="DE00001" data-testid="element-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('catalog.elements.name')} rules={[req, { max: 100 }]}>
              <Input placeholder={t('catalog.elements.namePh')} data-testid="element-name" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="definition" label={t('catalog.elements.definition')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="element-definition" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dataType" label={t('catalog.item.dataType')} rules={[req]}>
              <Select options={DATA_TYPES.map((d) => ({ value: d, label: dataTypeLabel(t, d) }))} data-testid="element-type" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="length" label={t('catalog.item.length')}>
              <InputNumber min={1} max={4000} precision={0} disabled={!dataTypeSizing(dataType).length} style={{ width: '100%' }} data-testid="element-length" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="authoritativeUnitId" label={t('catalog.elements.authority')} rules={[req]} extra={t('catalog.elements.authorityHelp')}>
              <Select showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} data-testid="element-unit" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

