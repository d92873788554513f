import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Typography, type TableProps } from 'antd';
import { AuditOutlined, BulbOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { filterUnitOption, unitOptions, useAllUnits } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import type { WorkItem } from '../../catalogTypes';
import { catalogApi, reviewLink } from './catalogApi';
import { ChangeKindTag, LayerTag, SharingTag } from './components';

export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [items, setItems] = useState<WorkItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [proposing, setProposing] = useState(false);
  const isReviewer = hasAnyRole(me, ['authority_reviewer']);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await catalogApi.reviewQueue({ limit: 500 })).items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<WorkItem>['columns'] = [
    {
      title: t('catalog.field.name'),
      dataIndex: 'name',
      render: (_, w) => (
        <div>
          <Link to={reviewLink(w.code, w.version)} data-testid={`review-row-${w.code}`}>
            {w.name}
          </Link>
          <div>
            <Typography.Text type="secondary" className="gs-small gs-mono">
              {w.code} · v{w.version}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('catalog.field.provider'), dataIndex: 'providerUnitName', width: 200 },
    {
      title: t('catalog.review.kind'),
      dataIndex: 'changeKind',
      width: 100,
      render: (_, w) => <ChangeKindTag kind={w.changeKind} />,
    },
    {
      title: t('catalog.mine.attributes'),
      key: 'attrs',
      width: 190,
      render: (_, w) => (
        <Space size={0} wrap>
          <LayerTag layer={w.layer} />
          <SharingTag type={w.sharingType} />
        </Space>
      ),
    },
    { title: t('catalog.field.submittedAt'), dataIndex: 'submittedAt', width: 170, render: (v: string | null) => <Time value={v} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, w) => (
        <Link to={reviewLink(w.code, w.version)}>
          <Button type="primary" size="small" ghost icon={<AuditOutlined />} data-testid={`review-open-${w.code}`}>
            {t('catalog.review.open')}
          </Button>
        </Link>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('catalog.review.title')}
        description={t('catalog.review.description')}
        extra={
          isReviewer && (
            <Button icon={<BulbOutlined />} onClick={() => setProposing(true)} data-testid="review-propose">
              {t('catalog.review.propose')}
            </Button>
          )
        }
      />
      {!isReviewer && <Alert type="info" showIcon message={t('catalog.review.readOnly')} />}
      <Card size="small">
        <div className="gs-results-bar">
          <Typography.Text>{t('catalog.review.pending', { count: items.length })}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common.refresh')} />
        </div>
        <Table<WorkItem>
          rowKey={(w) => `${w.code}@${w.version}`}
          size="middle"
          columns={columns}
          dataSource={items}
          loading={loading}
          data-testid="review-table"
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { count: n }) }}
          locale={{ emptyText: t('catalog.review.empty') }}
        />
      </Card>
      <ProposeModal open={proposing} onClose={() => setProposing(false)} />
    </div>
  );
}

interface ProposeValues {
  unitId: string;
  name: string;
  abstract?: string;
  comment: string;
}

/** The authority proposes an entry (e.g. from a demand); the unit's steward completes and submits it. */
function ProposeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const units = useAllUnits();
  const [form] = Form.useForm<ProposeValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(null);
    }
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const r = await catalogApi.propose({ unitId: v.unitId, name: v.name.trim(), abstract: v.abstract?.trim() || undefined, comment: v.comment.trim() });
      message.success(t('catalog.review.proposed', { name: r.name, unit: r.providerUnitName }));
      onClose();
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
      title={t('catalog.review.propose')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('catalog.review.proposeOk')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      width={640}
      forceRender
      maskClosable={false}
    >
      <Typography.Paragraph type="secondary">{t('catalog.review.proposeHelp')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item name="unitId" label={t('catalog.field.provider')} rules={[req]}>
          <Select showSearch options={unitOptions(units.items)} filterOption={filterUnitOption} placeholder={t('catalog.review.unitPh')} />
        </Form.Item>
        <Form.Item name="name" label={t('catalog.field.name')} rules={[req, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="abstract" label={t('catalog.field.abstract')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="comment" label={t('catalog.review.proposeReason')} rules={[req, { max: 2000 }]}>
          <Input.TextArea rows={3} placeholder={t('catalog.review.proposeReasonPh')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
