import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  TreeSelect,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, applyFieldErrors, errorMessage, fieldPath } from '../../api';
import { useMe } from '../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import {
  DATA_GRADES,
  LAYERS,
  OPEN_ATTRIBUTES,
  RESOURCE_FORMATS,
  SECRECY_LEVELS,
  SHARING_METHODS,
  SHARING_TYPES,
  TABULAR_FORMATS,
  UPDATE_CYCLES,
  dataTypeSizing,
  type DataGrade,
  type Layer,
  type OpenAttribute,
  type Resource,
  type ResourceDetail,
  type ResourceFormat,
  type ResourceInput,
  type SecrecyLevel,
  type SharingMethod,
  type SharingScope,
  type SharingType,
  type UpdateCycle,
  type VersionState,
} from '../../catalogTypes';
import { catalogApi, draftLink, resourceLink } from './catalogApi';
import { classificationTree, ReturnedComment, StateTag, useClassifications, useDataElements } from './components';
import { DataItemEditor, newItemRow, type ItemRow } from './DataItemEditor';

interface Values {
  name: string;
  abstract?: string;
  providerDepartment?: string;
  classificationId?: string;
  layer: Layer;
  format: ResourceFormat;
  storageFormat?: string;
  secrecyLevel: SecrecyLevel;
  dataGrade: DataGrade;
  sharingType: SharingType;
  sharingConditions?: string;
  sharingScope: SharingScope;
  legalBasis?: string;
  sharingMethods: SharingMethod[];
  openAttribute: OpenAttribute;
  updateCycle: UpdateCycle;
  updateTimeLimitDays: number;
  relatedCodes: string[];
  keywords: string[];
  scenarios: string[];
  sourceSystem?: string;
  targetDatabase?: string;
  dataItems: ItemRow[];
}

const EDITABLE: VersionState[] = ['proposed', 'draft', 'returned'];
const trim = (s: string | undefined | null) => (s ?? '').trim();

const DEFAULTS: Partial<Values> = {
  layer: 'specialized',
  format: 'database',
  secrecyLevel: 'internal',
  dataGrade: 'general',
  sharingType: 'mandatory',
  sharingScope: { all: true, unitIds: [] },
  sharingMethods: ['online_query'],
  openAttribute: 'closed',
  updateCycle: 'daily',
  updateTimeLimitDays: 1,
  relatedCodes: [],
  keywords: [],
  scenarios: [],
  dataItems: [{ ...newItemRow(), isKey: true, required: true }],
};

function toValues(r: Resource): Values {
  return {
    name: r.name,
    abstract: r.abstract,
    providerDepartment: r.providerDepartment,
    classificationId: r.classificationId || undefined,
    layer: r.layer,
    format: r.format,
    storageFormat: r.storageFormat,
    secrecyLevel: r.secrecyLevel,
    dataGrade: r.dataGrade,
    sharingType: r.sharingType,
    sharingConditions: r.sharingConditions,
    sharingScope: r.sharingScope ?? { all: true, unitIds: [] },
    legalBasis: r.legalBasis,
    sharingMethods: r.sharingMethods,
    openAttribute: r.openAttribute,
    updateCycle: r.updateCycle,
    updateTimeLimitDays: r.updateTimeLimitDays,
    relatedCodes: r.relatedCodes,
    keywords: r.keywords,
    scenarios: r.scenarios,
    sourceSystem: r.sourceSystem,
    targetDatabase: r.targetDatabase,
    dataItems: r.dataItems.map((d) => ({
      name: d.name,
      code: d.code,
      dataType: d.dataType,
      length: d.length,
      precision: d.precision,
      required: d.required,
      isKey: d.isKey,
      description: d.description,
      codeSet: d.codeSet ?? [],
      sensitivity: d.sensitivity,
      masking: d.masking,
      maskingCustom: d.maskingCustom ?? null,
      elementCode: d.elementCode,
    })),
  };
}

function toInput(v: Values): ResourceInput {
  const classified = v.secrecyLevel === 'secret_classified';
  return {
    name: trim(v.name),
    abstract: trim(v.abstract),
    providerDepartment: trim(v.providerDepartment),
    classificationId: v.classificationId ?? '',
    layer: v.layer,
    format: v.format,
    storageFormat: trim(v.storageFormat),
    secrecyLevel: v.secrecyLevel,
    dataGrade: v.dataGrade,
    sharingType: v.sharingType,
    sharingConditions: v.sharingType === 'restricted' ? trim(v.sharingConditions) : '',
    sharingScope: v.sharingScope?.all ? { all: true, unitIds: [] } : { all: false, unitIds: v.sharingScope?.unitIds ?? [] },
    legalBasis: v.sharingType === 'none' ? trim(v.legalBasis) : '',
    sharingMethods: classified ? [] : (v.sharingMethods ?? []),
    openAttribute: classified ? 'closed' : v.openAttribute,
    updateCycle: v.updateCycle,
    updateTimeLimitDays: v.updateTimeLimitDays ?? 0,
    relatedCodes: (v.relatedCodes ?? []).map((s) => s.trim()).filter(Boolean),
    keywords: (v.keywords ?? []).map((s) => s.trim()).filter(Boolean),
    scenarios: (v.scenarios ?? []).map((s) => s.trim()).filter(Boolean),
    sourceSystem: trim(v.sourceSystem),
    targetDatabase: trim(v.targetDatabase),
    dataItems: (v.dataItems ?? []).map((d) => {
      const sizing = dataTypeSizing(d.dataType);
      const sensitivity = d.sensitivity ?? 'none';
      const masking = sensitivity === 'none' ? 'none' : (d.masking ?? 'none');
      const codeSet = (d.codeSet ?? []).filter((e) => trim(e.value) || trim(e.label)).map((e) => ({ value: trim(e.value), label: trim(e.label) }));
      return {
        name: trim(d.name),
        code: trim(d.code),
        dataType: d.dataType ?? 'C',
        length: sizing.length ? (d.length ?? null) : null,
        precision: sizing.precision ? (d.precision ?? null) : null,
        required: !!d.required,
        isKey: !!d.isKey,
        description: trim(d.description),
        codeSet: codeSet.length ? codeSet : null,
        sensitivity,
        masking,
        maskingCustom:
          masking === 'custom'
            ? { keepStart: d.maskingCustom?.keepStart ?? 0, keepEnd: d.maskingCustom?.keepEnd ?? 0, maskChar: d.maskingCustom?.maskChar ?? '*' }
            : null,
        elementCode: d.elementCode || null,
      };
    }),
  };
}

/** Which data-item rows a problem names ('body.dataItems.3.codeSet.0.value' → 3), to open their details. */
function rowsWithErrors(error: unknown): number[] {
  if (!(error instanceof ApiError)) return [];
  const rows = new Set<number>();
  for (const fe of error.errors) {
    const p = fieldPath(fe.field);
    if (p[0] === 'dataItems' && typeof p[1] === 'number' && (p[2] === 'codeSet' || p[2] === 'description')) rows.add(p[1]);
  }
  return [...rows];
}

export default function DraftEditorPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const code = useParams()['*'] || null;
  const [params] = useSearchParams();
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const [form] = Form.useForm<Values>();
  const [resource, setResource] = useState<ResourceDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(!!code);
  const [saving, setSaving] = useState<'save' | 'submit' | null>(null);
  const [problem, setProblem] = useState<string[] | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [pendingError, setPendingError] = useState<unknown>(null);
  const classifications = useClassifications();
  const elements = useDataElements();
  const units = useAllUnits();
  const sharingType = Form.useWatch('sharingType', form);
  const secrecyLevel = Form.useWatch('secrecyLevel', form);
  const format = Form.useWatch('format', form);
  const fieldsRef = useRef<{ key: number }[]>([]);

  const tree = useMemo(() => classificationTree(classifications.items, t, true), [classifications.items, t]);

  useEffect(() => {
    if (!code) {
      form.resetFields();
      form.setFieldsValue(DEFAULTS);
      setResource(null);
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    (async () => {
      let r = await catalogApi.resource(code, version);
      if (!version) {
        // Without an explicit version, edit the working one (a draft next to a published version).
        const working = r.versions.filter((v) => EDITABLE.includes(v.state)).sort((a, b) => b.version - a.version)[0];
        if (working && working.version !== r.version) r = await catalogApi.resource(code, working.version);
      }
      return r;
    })()
      .then((r) => {
        if (!live) return;
        setResource(r);
        form.resetFields();
        form.setFieldsValue(toValues(r));
        setLoadError(null);
      })
      .catch((e: unknown) => live && setLoadError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [code, version, form]);

  // Server errors for fields inside collapsed rows are applied once those rows have rendered.
  useEffect(() => {
    if (!pendingError) return;
    const rest = applyFieldErrors(form, pendingError);
    // Every reason is also listed at the top: a field error can sit in a collapsed or scrolled-away
    // part of the form, and "the request failed validation" alone tells the user nothing.
    const reasons = rest.length ? rest : pendingError instanceof ApiError ? [...new Set(pendingError.errors.map((fe) => fe.message))].slice(0, 5) : [];
    setProblem([errorMessage(pendingError), ...reasons]);
    setPendingError(null);
    const first = document.querySelector('.ant-form-item-has-error');
    first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [pendingError, form]);

  const save = async (then: 'save' | 'submit') => {
    setProblem(null);
    try {
      await form.validateFields();
    } catch {
      setProblem([t('catalog.editor.fixErrors')]);
      document.querySelector('.ant-form-item-has-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      return;
    }
    // Values of collapsed rows (code sets, descriptions) are kept in the store but not registered.
    const values = form.getFieldsValue(true) as Values;
    const body = toInput(values);
    setSaving(then);
    let saved: ResourceDetail | null = null;
    try {
      saved = resource ? await catalogApi.saveDraft(resource.code, body) : await catalogApi.create(body);
      setResource(saved);
      if (then === 'save') {
        message.success(t('catalog.editor.saved', { code: saved.code, version: saved.version }));
        if (!resource) navigate(draftLink(saved.code, saved.version), { replace: true });
        return;
      }
      await catalogApi.act(saved.code, 'submit');
      message.success(t('catalog.editor.submitted', { name: saved.name }));
      navigate('/catalog/mine');
    } catch (e) {
      if (saved && !resource) navigate(draftLink(saved.code, saved.version), { replace: true });
      const rows = rowsWithErrors(e);
      if (rows.length) setExpanded((prev) => [...new Set([...prev, ...rows.map((i) => fieldsRef.current[i]?.key ?? i)])]);
      setPendingError(e);
    } finally {
      setSaving(null);
    }
  };

  if (loading) return <Spin className="gs-page-spin" />;
  if (loadError) {
    return (
      <Result
        status="error"
        title={t('catalog.detail.loadFailed')}
        subTitle={loadError}
        extra={
          <Link to="/catalog/mine">
            <Button type="primary">{t('catalog.editor.backToMine')}</Button>
          </Link>
        }
      />
    );
  }
  if (resource && !EDITABLE.includes(resource.state)) {
    return (
      <Result
        status="info"
        title={t('catalog.editor.notEditable', { state: t(`catalog.state.${resource.state}`) })}
        extra={
          <Space>
            <Link to={resourceLink(resource.code, resource.version)}>
              <Button>{t('common.view')}</Button>
            </Link>
            <Link to="/catalog/mine">
              <Button type="primary">{t('catalog.editor.backToMine')}</Button>
            </Link>
          </Space>
        }
      />
    );
  }

  const classified = secrecyLevel === 'secret_classified';
  const tabular = TABULAR_FORMATS.includes(format);
  const req = { required: true, message: t('common.required') };
  const busy = saving !== null;

  return (
    <div className="gs-page gs-editor-page">
      <PageHeader
        title={
          resource ? (
            <Space size={8}>
              <span>{t('catalog.editor.editTitle', { name: resource.name })}</span>
              <StateTag state={resource.state} />
            </Space>
          ) : (
            t('catalog.editor.createTitle')
          )
        }
        description={
          resource ? (
            <span>
              <span className="gs-mono">{resource.code}</span> · v{resource.version} · {resource.providerUnitName}
            </span>
          ) : (
            t('catalog.editor.createDescription', { unit: me.unitName ?? '' })
          )
        }
        extra={
          <Link to="/catalog/mine">
            <Button icon={<ArrowLeftOutlined />}>{t('catalog.editor.backToMine')}</Button>
          </Link>
        }
      />
      {resource?.state === 'returned' && <ReturnedComment comment={resource.comment} testId="editor-returned-comment" />}
      {resource?.state === 'proposed' && (
        <Alert type="info" showIcon className="gs-form-alert" message={t('catalog.editor.proposed')} description={resource.comment ?? undefined} />
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setProblem(null)}
          className="gs-form-alert"
          data-testid="draft-error"
          message={problem[0]}
          description={problem.length > 1 ? problem.slice(1).join('；') : undefined}
        />
      )}
      <Form form={form} layout="vertical" requiredMark disabled={busy} data-testid="draft-form" scrollToFirstError={false}>
        <Card size="small" title={t('catalog.editor.sectionBasic')} className="gs-side-card">
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item name="name" label={t('catalog.field.name')} rules={[req, { max: 200 }]}>
                <Input placeholder={t('catalog.editor.namePh')} data-testid="draft-name" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item name="classificationId" label={t('catalog.field.classification')} rules={[req]}>
                <TreeSelect
                  showSearch
                  treeNodeFilterProp="title"
                  treeData={tree}
                  treeDefaultExpandAll
                  placeholder={t('catalog.editor.classificationPh')}
                  loading={classifications.loading}
                  popupMatchSelectWidth={false}
                  listHeight={360}
                  data-testid="draft-classification"
                />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="abstract" label={t('catalog.field.abstract')} rules={[{ max: 4000 }]}>
                <Input.TextArea rows={3} showCount maxLength={4000} placeholder={t('catalog.editor.abstractPh')} data-testid="draft-abstract" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="providerDepartment" label={t('catalog.field.providerDepartment')} rules={[{ max: 200 }]}>
                <Input placeholder={t('catalog.editor.departmentPh')} data-testid="draft-department" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="layer" label={t('catalog.field.layer')} rules={[req]} tooltip={t('catalog.editor.layerHelp')}>
                <Select options={LAYERS.map((l) => ({ value: l, label: t(`catalog.layer.${l}`) }))} data-testid="draft-layer" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="format" label={t('catalog.field.format')} rules={[req]}>
                <Select options={RESOURCE_FORMATS.map((f) => ({ value: f, label: t(`catalog.format.${f}`) }))} data-testid="draft-format" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="storageFormat" label={t('catalog.field.storageFormat')} rules={[{ max: 200 }]}>
                <Input placeholder={t('catalog.editor.storagePh')} data-testid="draft-storage" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('catalog.editor.sectionSharing')} className="gs-side-card">
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item name="sharingType" label={t('catalog.field.sharingType')} rules={[req]} extra={sharingType ? t(`catalog.editor.sharingHelp.${sharingType}`) : undefined}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={SHARING_TYPES.map((s) => ({ value: s, label: t(`catalog.sharingType.${s}`), disabled: classified && s === 'mandatory' }))}
                  data-testid="draft-sharing-type"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="secrecyLevel" label={t('catalog.field.secrecyLevel')} rules={[req]}>
                <Select options={SECRECY_LEVELS.map((s) => ({ value: s, label: t(`catalog.secrecy.${s}`) }))} data-testid="draft-secrecy" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="dataGrade" label={t('catalog.field.dataGrade')} rules={[req]}>
                <Select options={DATA_GRADES.map((g) => ({ value: g, label: t(`catalog.grade.${g}`) }))} data-testid="draft-grade" />
              </Form.Item>
            </Col>
            {classified && (
              <Col span={24}>
                <Alert type="warning" showIcon message={t('catalog.editor.classifiedHint')} className="gs-form-alert" />
              </Col>
            )}
            {sharingType === 'restricted' && (
              <>
                <Col xs={24} lg={12}>
                  <Form.Item name="sharingConditions" label={t('catalog.field.sharingConditions')} rules={[req, { max: 2000 }]}>
                    <Input.TextArea rows={3} placeholder={t('catalog.editor.conditionsPh')} data-testid="draft-conditions" />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={12}>
                  <Form.Item
                    name="sharingScope"
                    label={t('catalog.field.sharingScope')}
                    required
                    rules={[
                      {
                        validator: (_, v: SharingScope | undefined) =>
                          v && (v.all || v.unitIds.length > 0) ? Promise.resolve() : Promise.reject(new Error(t('catalog.editor.scopeRequired'))),
                      },
                    ]}
                  >
                    <ScopeInput options={unitOptions(units.items)} />
                  </Form.Item>
                </Col>
              </>
            )}
            {sharingType === 'none' && (
              <Col span={24}>
                <Form.Item name="legalBasis" label={t('catalog.field.legalBasis')} rules={[req, { max: 2000 }]} extra={t('catalog.editor.legalBasisHelp')}>
                  <Input.TextArea rows={2} placeholder={t('catalog.editor.legalBasisPh')} data-testid="draft-legal-basis" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} lg={12}>
              <Form.Item name="sharingMethods" label={t('catalog.field.sharingMethods')}>
                <Checkbox.Group
                  disabled={classified}
                  options={SHARING_METHODS.map((m) => ({ value: m, label: t(`catalog.method.${m}`) }))}
                  data-testid="draft-methods"
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item name="openAttribute" label={t('catalog.field.openAttribute')}>
                <Radio.Group disabled={classified} options={OPEN_ATTRIBUTES.map((o) => ({ value: o, label: t(`catalog.openAttribute.${o}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('catalog.editor.sectionUpdate')} className="gs-side-card">
          <Row gutter={16}>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="updateCycle" label={t('catalog.field.updateCycle')} rules={[req]}>
                <Select options={UPDATE_CYCLES.map((c) => ({ value: c, label: t(`catalog.cycle.${c}`) }))} data-testid="draft-cycle" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="updateTimeLimitDays" label={t('catalog.field.updateTimeLimitDays')} tooltip={t('catalog.editor.timeLimitHelp')}>
                <InputNumber min={0} max={365} precision={0} addonAfter={t('catalog.editor.workingDays')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="sourceSystem" label={t('catalog.field.sourceSystem')} tooltip={t('catalog.editor.sourceHelp')}>
                <Input placeholder={t('catalog.editor.sourcePh')} data-testid="draft-source" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item name="targetDatabase" label={t('catalog.field.targetDatabase')} tooltip={t('catalog.editor.targetHelp')}>
                <Input placeholder={t('catalog.editor.targetPh')} data-testid="draft-target" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="keywords" label={t('catalog.field.keywords')} rules={[{ type: 'array', max: 20 }]}>
                <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} suffixIcon={null} placeholder={t('catalog.editor.tagsPh')} data-testid="draft-keywords" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="scenarios" label={t('catalog.field.scenarios')} tooltip={t('catalog.editor.scenariosHelp')}>
                <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} placeholder={t('catalog.editor.tagsPh')} data-testid="draft-scenarios" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="relatedCodes" label={t('catalog.field.relatedCodes')}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} placeholder={t('catalog.editor.relatedPh')} className="gs-mono" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('catalog.editor.sectionItems')}
          className="gs-side-card"
          extra={
            <Typography.Text type="secondary" className="gs-small">
              {tabular ? t('catalog.editor.itemsTabular') : t('catalog.editor.itemsOptional')}
            </Typography.Text>
          }
        >
          <DataItemEditor form={form} providerUnitId={resource?.providerUnitId ?? me.unitId} elements={elements.items} expanded={expanded} onExpandedChange={setExpanded} fieldsRef={fieldsRef} disabled={busy} />
        </Card>
      </Form>
      <div className="gs-editor-bar">
        <Space>
          <Link to="/catalog/mine">
            <Button>{t('common.cancel')}</Button>
          </Link>
          <Button icon={<SaveOutlined />} loading={saving === 'save'} disabled={busy} onClick={() => void save('save')} data-testid="draft-save">
            {t('catalog.editor.save')}
          </Button>
          <Popconfirm
            title={t('catalog.editor.submitConfirm')}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => save('submit')}
            okButtonProps={{ 'data-testid': 'draft-submit-confirm' }}
          >
            <Button type="primary" icon={<SendOutlined />} loading={saving === 'submit'} disabled={busy} data-testid="draft-submit">
              {t('catalog.editor.saveAndSubmit')}
            </Button>
          </Popconfirm>
        </Space>
      </div>
    </div>
  );
}

/** Sharing scope: every unit, or the designated units (restricted sharing). */
function ScopeInput({
  value,
  onChange,
  options,
}: {
  value?: SharingScope;
  onChange?: (v: SharingScope) => void;
  options: { value: string; label: string; code?: string }[];
}) {
  const { t } = useTranslation();
  const v = value ?? { all: true, unitIds: [] };
  return (
    <div className="gs-scope">
      <Switch
        checked={v.all}
        onChange={(all) => onChange?.({ all, unitIds: all ? [] : v.unitIds })}
        checkedChildren={t('catalog.editor.scopeAll')}
        unCheckedChildren={t('catalog.editor.scopeSome')}
        data-testid="draft-scope-all"
      />
      {!v.all && (
        <Select
          mode="multiple"
          showSearch
          value={v.unitIds}
          onChange={(unitIds: string[]) => onChange?.({ all: false, unitIds })}
          options={options}
          filterOption={filterUnitOption}
          placeholder={t('catalog.editor.scopeUnitsPh')}
          className="gs-scope-units"
          data-testid="draft-scope-units"
        />
      )}
    </div>
  );
}
