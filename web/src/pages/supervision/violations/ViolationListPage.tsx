import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../../hooks';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { CategoryTag, ReviewOnlyTag, useArticleLabel, useViolationTitle, ViolationStateTag } from './components';
import { CATEGORIES, VIOLATION_SOURCES, VIOLATION_STATES, violationApi, type ManualInput, type Violation, type ViolationCategory, type ViolationSource, type ViolationState } from './violationApi';

const PAGE = 20;
/** The state tabs: the workflow's states in order, the dismissed ones last. */
const TAB_STATES: ViolationState[] = [...VIOLATION_STATES.filter((s) => s !== 'dismissed'), 'dismissed'];

/** 违规线索与登记: candidates and violations by state, with filters; supervisors and the IT authority record by hand. */
export default function ViolationListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const cityWide = hasAnyRole(me, ['supervisor', 'authority_reviewer', 'leader', 'platform_admin', 'auditor']);
  const mayRecord = hasAnyRole(me, ['supervisor', 'authority_reviewer']);
  const units = useAllUnits();
  const stateParam = params.get('state') ?? '';
  const state = (VIOLATION_STATES as readonly string[]).includes(stateParam) ? (stateParam as ViolationState) : undefined;
  const categoryParam = Number(params.get('category'));
  const category = (CATEGORIES as readonly number[]).includes(categoryParam) ? (categoryParam as ViolationCategory) : undefined;
  const unitId = params.get('unitId') || undefined;
  const source = (VIOLATION_SOURCES as readonly string[]).includes(params.get('source') ?? '') ? (params.get('source') as ViolationSource) : undefined;
  const year = Number(params.get('year')) || undefined;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Violation[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm<ManualInput>();
  const titleOf = useViolationTitle();
  const articleOf = useArticleLabel();

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setData(await violationApi.list({ state, category, unitId, source, year, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      setData({ items: [], total: 0 });
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [state, category, unitId, source, year, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (key: string, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value !== undefined && value !== '') next.set(key, String(value));
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  const submitRecord = async () => {
    const v = await form.validateFields();
    try {
      const created = await violationApi.record({ ...v, unitId: v.unitId ?? null, titleEn: v.titleEn?.trim() || null, serious: v.serious ?? false });
      message.success(t('violation.record.done'));
      setRecording(false);
      form.resetFields();
      navigate(`/supervision/violations/${encodeURIComponent(created.id)}`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const tabs = ['', ...(cityWide ? TAB_STATES : TAB_STATES.filter((s) => s !== 'candidate' && s !== 'dismissed'))];
  const columns: TableProps<Violation>['columns'] = [
    {
      title: t('violation.list.title'),
      dataIndex: 'title',
      render: (_, v) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Link to={`/supervision/violations/${encodeURIComponent(v.id)}`} data-testid="violation-link">
              {titleOf(v)}
            </Link>
            {v.reviewOnly && <ReviewOnlyTag />}
          </Space>
          <Typography.Text type="secondary" className="gs-small" data-testid="violation-article">
            {articleOf(v)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('violation.list.category'), dataIndex: 'category', width: 200, render: (c: number) => <CategoryTag category={c} /> },
    { title: t('violation.list.unit'), dataIndex: 'unitName', width: 180, render: (n: string | null) => n ?? t('violation.list.platformWide') },
    { title: t('violation.list.source'), dataIndex: 'source', width: 100, render: (s: ViolationSource) => t(`violation.source.${s}`) },
    { title: t('violation.list.state'), dataIndex: 'state', width: 120, render: (s: ViolationState) => <ViolationStateTag state={s} /> },
    { title: t('violation.list.detected'), dataIndex: 'detectedAt', width: 170, render: (x: string) => <Time value={x} /> },
  ];

  const thisYear = new Date().getFullYear();
  return (
    <>
      <PageHeader
        title={t('violation.menu.list')}
        description={t('violation.list.description')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('violation.list.reload')}
            </Button>
            {mayRecord && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="violation-record">
                {t('violation.record.button')}
              </Button>
            )}
          </Space>
        }
      />
      <Tabs activeKey={state ?? ''} onChange={(k) => setFilter('state', k || undefined)} items={tabs.map((s) => ({ key: s, label: s ? t(`violation.state.${s as ViolationState}`) : t('violation.list.allStates') }))} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 260 }}
          placeholder={t('violation.list.category')}
          value={category}
          onChange={(v?: number) => setFilter('category', v)}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`violation.category.c${c}` as never) }))}
        />
        {cityWide && (
          <Select
            allowClear
            showSearch
            style={{ width: 220 }}
            placeholder={t('violation.list.unit')}
            value={unitId}
            onChange={(v?: string) => setFilter('unitId', v)}
            options={unitOptions(units.items)}
            filterOption={filterUnitOption}
          />
        )}
        <Select allowClear style={{ width: 140 }} placeholder={t('violation.list.source')} value={source} onChange={(v?: string) => setFilter('source', v)} options={VIOLATION_SOURCES.map((s) => ({ value: s, label: t(`violation.source.${s}`) }))} />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('violation.list.year')}
          value={year}
          onChange={(v?: number) => setFilter('year', v)}
          options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        data-testid="violation-table"
        pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showSizeChanger: false }}
      />
      <Modal open={recording} title={t('violation.record.title')} onCancel={() => setRecording(false)} onOk={() => void submitRecord()} okText={t('violation.record.submit')} destroyOnClose>
        <Typography.Paragraph type="secondary">{t('violation.record.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ category: 6 }}>
          <Form.Item name="category" label={t('violation.list.category')} rules={[{ required: true }]}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`violation.category.c${c}` as never) }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('violation.list.unit')}>
            <Select allowClear showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} placeholder={t('violation.list.platformWide')} />
          </Form.Item>
          <Form.Item name="title" label={t('violation.list.title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="titleEn" label={t('violation.record.titleEn')} tooltip={t('violation.record.titleEnHint')} rules={[{ max: 200 }]}>
            <Input maxLength={200} data-testid="violation-record-title-en" />
          </Form.Item>
          <Form.Item name="description" label={t('violation.detail.description')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="serious" valuePropName="checked">
            <Checkbox>{t('violation.detail.serious')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
