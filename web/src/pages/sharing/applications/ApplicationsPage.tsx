import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { APPLICATION_STATES, applicationLink, applicationsApi, newApplicationLink, type Application, type Box } from './applicationsApi';
import { ApplicationStateTag } from './components';

/** 共享申请: my unit's applications, those my unit must answer, and all of them for the authority. */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const boxes = useMemo(() => {
    const b: Box[] = [];
    if (hasAnyRole(me, ['unit_user', 'unit_steward']) && me.unitId) b.push('mine');
    if (hasAnyRole(me, ['unit_steward']) && me.unitId) b.push('to_review');
    if (hasAnyRole(me, ['authority_reviewer', 'supervisor', 'platform_admin'])) b.push('all');
    return b;
  }, [me]);
  const box = (boxes.includes(params.get('box') as Box) ? params.get('box') : boxes[0]) as Box | undefined;
  const state = params.get('state') ?? undefined;
  const [items, setItems] = useState<Application[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pageSize = 20;

  const load = useCallback(async () => {
    if (!box) return;
    setLoading(true);
    setError(null);
    try {
      const r = await applicationsApi.list({ box, state, limit: pageSize, offset: (page - 1) * pageSize });
      setItems(r.items);
      setTotal(r.total);
    } catch (e) {
      setItems([]);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [box, state, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k === 'box') next.delete('state');
    setParams(next, { replace: true });
    setPage(1);
  };

  const columns: TableProps<Application>['columns'] = [
    {
      title: t('application.list.resource'),
      key: 'resource',
      render: (_, a) => (
        <Space direction="vertical" size={0}>
          <Link to={applicationLink(a.id)} data-testid="application-link" data-id={a.id}>
            {a.resourceName}
          </Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {a.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    ...(box !== 'mine' ? [{ title: t('application.list.consumer'), key: 'consumer', render: (_: unknown, a: Application) => a.consumerUnitName ?? '—' }] : []),
    ...(box !== 'to_review' ? [{ title: t('application.list.provider'), key: 'provider', render: (_: unknown, a: Application) => a.providerUnitName ?? '—' }] : []),
    { title: t('application.list.stateFilter'), key: 'state', render: (_, a) => <ApplicationStateTag state={a.state} /> },
    { title: t('application.list.applicant'), dataIndex: 'applicantName', key: 'applicant' },
    { title: t('application.list.submittedAt'), key: 'submittedAt', render: (_, a) => <Time value={a.submittedAt} /> },
    { title: t('application.list.updatedAt'), key: 'updatedAt', render: (_, a) => <Time value={a.updatedAt} /> },
    {
      title: t('common.actions'),
      key: 'open',
      render: (_, a) => <Link to={applicationLink(a.id)}>{t('application.list.open')}</Link>,
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('application.list.title')}
        description={t('application.list.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            {hasAnyRole(me, ['unit_user', 'unit_steward']) && me.unitId && (
              <Link to={newApplicationLink()}>
                <Button type="primary" icon={<PlusOutlined />} data-testid="application-new">
                  {t('application.list.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <Card>
        {boxes.length > 1 && <Tabs activeKey={box} onChange={(k) => set('box', k)} items={boxes.map((b) => ({ key: b, label: t(`application.list.tabs.${b}`) }))} />}
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>{t('application.list.stateFilter')}</Typography.Text>
          <Select
            allowClear
            style={{ minWidth: 220 }}
            value={state}
            placeholder={t('common.all')}
            onChange={(v) => set('state', v)}
            options={APPLICATION_STATES.map((s) => ({ value: s, label: t(`application.state.${s}`) }))}
            data-testid="application-state-filter"
          />
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={items}
          locale={{ emptyText: t('application.list.empty') }}
          pagination={{ current: page, pageSize, total, onChange: setPage, showSizeChanger: false }}
          data-testid="applications-table"
        />
      </Card>
    </div>
  );
}
