import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Select, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { useAuth } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import type { Role } from '../../../types';
import { AGREEMENT_STATES, agreementApi, cstDay, lastCstDay, type AgreementState, type AgreementSummary, type Box } from './agreementApi';
import { AgreementStateTag } from './components';

const PAGE = 20;
const has = (roles: readonly Role[], ...want: Role[]) => roles.some((r) => want.includes(r));

/** The boxes a user has, in tab order (the server's policy decides; this only hides empty tabs). */
function boxesOf(roles: readonly Role[]): Box[] {
  const boxes: Box[] = [];
  if (has(roles, 'secrecy_officer', 'authority_reviewer')) boxes.push('to_file');
  if (has(roles, 'unit_steward', 'unit_user')) boxes.push('mine');
  if (has(roles, 'secrecy_officer', 'authority_reviewer', 'supervisor', 'platform_admin')) boxes.push('all');
  return boxes;
}

/** 保密协议与备案: my unit's agreements, the offices' 待备案 box, and every agreement for the offices and supervision. */
export default function AgreementListPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const boxes = useMemo(() => boxesOf(me?.roles ?? []), [me?.roles]);
  const [params, setParams] = useSearchParams();
  const box = (boxes.includes(params.get('box') as Box) ? params.get('box') : boxes[0]) as Box | undefined;
  const state = (AGREEMENT_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as AgreementState) : undefined;
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<AgreementSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!box) return;
    setLoading(true);
    try {
      const r = await agreementApi.list({ box, state, limit: PAGE, offset: (page - 1) * PAGE });
      setItems(r.items);
      setTotal(r.total);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [box, state, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const select = (next: { box?: Box; state?: AgreementState | null }) => {
    const p = new URLSearchParams(params);
    if (next.box) p.set('box', next.box);
    if (next.state !== undefined) {
      if (next.state) p.set('state', next.state);
      else p.delete('state');
    }
    setPage(1);
    setParams(p, { replace: true });
  };

  const columns: TableProps<AgreementSummary>['columns'] = [
    {
      title: t('agreement.list.resource'),
      dataIndex: 'resourceName',
      render: (_: unknown, a) => (
        <Space direction="vertical" size={0}>
          <Link to={`/sharing/agreements/${encodeURIComponent(a.id)}`} data-testid="agreement-link">
            {a.resourceName}
          </Link>
          <Typography.Text type="secondary" className="gs-small gs-mono">
            {a.resourceCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('agreement.list.provider'), dataIndex: 'providerUnitName', width: 200 },
    { title: t('agreement.list.consumer'), dataIndex: 'consumerUnitName', width: 200 },
    { title: t('agreement.list.state'), dataIndex: 'state', width: 110, render: (s: AgreementState) => <AgreementStateTag state={s} /> },
    { title: t('agreement.list.validity'), key: 'validity', width: 210, render: (_: unknown, a) => `${cstDay(a.validFrom)} ~ ${lastCstDay(a.validUntil)}` },
    { title: t('agreement.list.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('agreement.menu.list')}
        description={t('agreement.list.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('agreement.list.reload')}
          </Button>
        }
      />
      {boxes.length > 0 && (
        <Tabs
          activeKey={box}
          onChange={(k) => select({ box: k as Box })}
          items={boxes.map((b) => ({ key: b, label: <span data-testid={`agreement-tab-${b}`}>{t(`agreement.list.${b === 'to_file' ? 'toFile' : b}`)}</span> }))}
        />
      )}
      <Space className="gs-toolbar" wrap>
        <Select<AgreementState | ''>
          style={{ width: 180 }}
          value={state ?? ''}
          onChange={(v) => select({ state: v || null })}
          options={[{ value: '', label: t('agreement.list.anyState') }, ...AGREEMENT_STATES.map((s) => ({ value: s, label: t(`agreement.state.${s}`) }))]}
          aria-label={t('agreement.list.stateFilter')}
          data-testid="agreement-state-filter"
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
      <Table<AgreementSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={loading}
        scroll={{ x: 1000 }}
        data-testid="agreement-table"
        pagination={{ current: page, pageSize: PAGE, total, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: box === 'to_file' ? t('agreement.list.emptyToFile') : t('agreement.list.empty') }}
      />
    </div>
  );
}
