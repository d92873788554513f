import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Divider, Form, Input, Modal, Row, Select, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, applyFieldErrors, errorMessage } from '../api';
import { UNIT_FUNCTIONS, UNIT_KINDS, type Contact, type Person, type Unit, type UnitFunction, type UnitKind } from '../types';

/** GB 32100-2015 charset; the check character itself is verified by the server. */
const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

interface Values {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  parentId?: string | null;
  functions: UnitFunction[];
  responsiblePerson: Partial<Person>;
  contacts: Partial<Contact>[];
}

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

/** The parent picker: the unit itself and its descendants are not allowed (no cycles). */
function parentTree(units: Unit[], selfId: string | null): TreeOption[] {
  const ids = new Set(units.map((u) => u.id));
  const byParent = new Map<string | null, Unit[]>();
  const sorted = [...units].sort((a, b) => UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind) || a.code.localeCompare(b.code));
  for (const u of sorted) {
    const p = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), u]);
  }
  const build = (parent: string | null, blocked: boolean): TreeOption[] =>
    (byParent.get(parent) ?? []).map((u) => {
      const isBlocked = blocked || u.id === selfId;
      return { value: u.id, title: u.name, disabled: isBlocked, children: build(u.id, isBlocked) };
    });
  return build(null, false);
}

const trim = (s: string | undefined) => (s ?? '').trim();

function personOf(p: Partial<Person> | undefined): Person | null {
  if (!p || !trim(p.name)) return null;
  return { name: trim(p.name), title: trim(p.title), phone: trim(p.phone), email: trim(p.email) };
}

function contactsOf(list: Partial<Contact>[] | undefined): Contact[] {
  return (list ?? [])
    .filter((c) => trim(c.name) || trim(c.phone) || trim(c.email))
    .map((c) => ({ name: trim(c.name), duty: trim(c.duty), phone: trim(c.phone), email: trim(c.email) }));
}

export function UnitFormModal({
  open,
  unit,
  units,
  contactsOnly,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | null;
  units: Unit[];
  /** A unit's steward may update only its responsible person and contacts. */
  contactsOnly?: boolean;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const tree = useMemo(() => parentTree(units, unit?.id ?? null), [units, unit]);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(
      unit
        ? {
            code: unit.code,
            name: unit.name,
            shortName: unit.shortName ?? '',
            kind: unit.kind,
            parentId: unit.parentId ?? undefined,
            functions: unit.functions,
            responsiblePerson: unit.responsiblePerson ?? {},
            contacts: unit.contacts,
          }
        : { kind: 'city_department', functions: [], responsiblePerson: {}, contacts: [{}] },
    );
  }, [open, unit, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const person = personOf(v.responsiblePerson);
      const contacts = contactsOf(v.contacts);
      let saved: Unit;
      if (unit) {
        const body = contactsOnly
          ? { responsiblePerson: person, contacts }
          : {
              name: trim(v.name),
              shortName: trim(v.shortName),
              kind: v.kind,
              parentId: v.parentId ?? null,
              functions: v.functions ?? [],
              responsiblePerson: person,
              contacts,
            };
        saved = await api.patch<Unit>(`/units/${unit.id}`, body);
        message.success(t('common.saved'));
      } else {
        const body: Record<string, unknown> = {
          code: trim(v.code).toUpperCase(),
          name: trim(v.name),
          kind: v.kind,
          functions: v.functions ?? [],
          contacts,
        };
        if (trim(v.shortName)) body.shortName = trim(v.shortName);
        if (v.parentId) body.parentId = v.parentId;
        if (person) body.responsiblePerson = person;
        saved = await api.post<Unit>('/units', body);
        message.success(t('units.created', { name: saved.name }));
      }
      onSaved(saved);
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
      open={open}
      title={unit ? t('units.editTitle', { name: unit.name }) : t('units.create')}
      width={860}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'unit-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" data-testid="unit-form-error" />}
      <Form form={form} layout="vertical" requiredMark data-testid="unit-form" disabled={saving}>
        <Divider orientation="left" orientationMargin={0} className="gs-form-divider">
          {t('units.section.basic')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="code"
              label={t('units.code')}
              tooltip={t('units.codeHelp')}
              normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
              rules={[req, { pattern: USCC_RE, message: t('units.codeFormat') }]}
            >
              <Input maxLength={18} disabled={!!unit} className="gs-mono" placeholder="11460200XXXXXXXXXX" data-testid="unit-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('units.name')} rules={[req, { max: 100 }]}>
              <Input disabled={contactsOnly} data-testid="unit-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="shortName" label={t('units.shortName')} rules={[{ max: 50 }]}>
              <Input disabled={contactsOnly} data-testid="unit-short-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label={t('units.kind')} rules={[req]}>
              <Select
                disabled={contactsOnly}
                options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
                data-testid="unit-kind"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="parentId" label={t('units.parent')}>
              <TreeSelect
                allowClear
                showSearch
                treeNodeFilterProp="title"
                treeDefaultExpandAll
                disabled={contactsOnly}
                treeData={tree}
                placeholder={t('units.noParent')}
                data-testid="unit-parent"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="functions" label={t('units.functions')} extra={t('units.functionsHelp')}>
              <Checkbox.Group disabled={contactsOnly} options={UNIT_FUNCTIONS.map((f) => ({ value: f, label: t(`unitFunction.${f}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0} className="gs-form-divider">
          {t('units.responsiblePerson')}
        </Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name={['responsiblePerson', 'name']} label={t('units.person.name')}>
              <Input data-testid="unit-person-name" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['responsiblePerson', 'title']} label={t('units.person.title')}>
              <Input data-testid="unit-person-title" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['responsiblePerson', 'phone']} label={t('units.person.phone')}>
              <Input data-testid="unit-person-phone" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['responsiblePerson', 'email']} label={t('units.person.email')} rules={[{ type: 'email', message: t('common.emailFormat') }]}>
              <Input data-testid="unit-person-email" />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0} className="gs-form-divider">
          {t('units.contacts')}
        </Divider>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Row gutter={12} key={field.key} align="top">
                  <Col span={5}>
                    <Form.Item name={[field.name, 'name']} label={i === 0 ? t('units.contact.name') : undefined} rules={[req]}>
                      <Input aria-label={t('units.contact.name')} data-testid={`unit-contact-${i}-name`} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[field.name, 'duty']} label={i === 0 ? t('units.contact.duty') : undefined}>
                      <Input aria-label={t('units.contact.duty')} data-testid={`unit-contact-${i}-duty`} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[field.name, 'phone']} label={i === 0 ? t('units.contact.phone') : undefined}>
                      <Input aria-label={t('units.contact.phone')} data-testid={`unit-contact-${i}-phone`} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item
                      name={[field.name, 'email']}
                      label={i === 0 ? t('units.contact.email') : undefined}
                      rules={[{ type: 'email', message: t('common.emailFormat') }]}
                    >
                      <Input aria-label={t('units.contact.email')} data-testid={`unit-contact-${i}-email`} />
                    </Form.Item>
                  </Col>
                  <Col span={2} className={i === 0 ? 'gs-list-remove-first' : undefined}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.remove')} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="unit-contact-add">
                {t('units.addContact')}
              </Button>
              {!fields.length && (
                <Typography.Text type="secondary" className="gs-hint">
                  {t('units.noContacts')}
                </Typography.Text>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
