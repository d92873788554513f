import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { GRANT_STATES, grantLink, applicationsApi, type GrantBox, type GrantView } from './applicationsApi';
import { cstDay, GrantStateTag, lastDay } from './components';

/** 数据授权: grants my unit holds, grants on my unit's resources, all of them for the overseers. */
export default function GrantsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const boxes = useMemo(() => {
    const b: GrantBox[] = [];
    if (me.unitId && hasAnyRole(me, ['unit_user', 'unit_steward'])) b.push('consumer');
    if (me.unitId && hasAnyRole(me, ['unit_steward'])) b.push('provider');
    if (hasAnyRole(me, ['authority_reviewer', 'supervisor', 'platform_admin', 'secrecy_officer'])) b.push('all');
    return b;
  }, [me]);
  const box = (boxes.includes(params.get('box') as GrantBox) ? params.get('box') : boxes[0]) as GrantBox | undefined;
  const state = params.get('state') ?? undefined;
  const [items, setItems] = useState<GrantView[]>([]);
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
      const r = await applicationsApi.grants({ box, state, limit: pageSize, offset: (page - 1) * pageSize });
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
    setParams(next, { replace: true });
    setPage(1);
  };

  const columns: TableProps<GrantView>['columns'] = [
    {
      title: t('application.grant.resource'),
      key: 'resource',
      render: (_, g) => (
        <Space direction="vertical" size={0}>
          <Link to={grantLink(g.id)} data-testid="grant-row-link">
            {g.resourceName ?? g.resourceCode}
          </Link>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {g.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('application.grant.provider'), key: 'provider', render: (_, g) => g.providerUnitName ?? '—' },
    { title: t('application.grants.consumer'), key: 'consumer', render: (_, g) => g.consumerUnitName ?? '—' },
    { title: t('application.grants.system'), key: 'system', render: (_, g) => g.consumerSystemName ?? '—' },
    { title: t('application.grants.fields'), key: 'fields', render: (_, g) => (g.fields === null ? t('application.grants.allFields') : t('application.grants.fieldsCount', { count: g.fields.length })) },
    { title: t('application.grant.state'), key: 'state', render: (_, g) => <GrantStateTag state={g.state} /> },
    { title: t('application.grants.validity'), key: 'validity', render: (_, g) => `${cstDay(g.validFrom)} ~ ${lastDay(g.validUntil) ?? t('application.grants.openEnded')}` },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('application.grants.title')}
        description={t('application.grants.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card>
        {boxes.length > 1 && <Tabs activeKey={box} onChange={(k) => set('box', k)} items={boxes.map((b) => ({ key: b, label: t(`application.grants.tabs.${b}`) }))} />}
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>{t('application.grant.state')}</Typography.Text>
          <Select
            allowClear
            style={{ minWidth: 220 }}
            value={state}
            placeholder={t('common.all')}
            onChange={(v) => set('state', v)}
            options={GRANT_STATES.map((s) => ({ value: s, label: t(`application.grantState.${s}`) }))}
          />
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={items}
          locale={{ emptyText: t('application.grants.empty') }}
          pagination={{ current: page, pageSize, total, onChange: setPage, showSizeChanger: false }}
          data-testid="grants-table"
        />
      </Card>
    </div>
  );
}
