import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Badge, Button, Card, Input, Segmented, Space, Table, Tabs, Typography, type TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { demandApi, demandLink, type Demand, type DemandBox, type DemandList, type DemandState } from './demandApi';
import { BOARD_STATES, DemandStateTag } from './components';

const PAGE = 20;

/** 需求看板: demands by state (tabs with counts), by box (mine / to answer / all) and text. */
export default function BoardPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const isUnit = hasAnyRole(me, ['unit_user', 'unit_steward']) && !!me.unitId;
  const [box, setBox] = useState<DemandBox>('all');
  const [state, setState] = useState<DemandState | 'all'>('all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<DemandList>({ items: [], total: 0, counts: {} });
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await demandApi.list({ box, state: state === 'all' ? undefined : state, q: q.trim() || undefined, limit: PAGE, offset: (page - 1) * PAGE }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [box, state, q, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const total = Object.values(data.counts).reduce((a, b) => a + (b ?? 0), 0);

  const columns: TableProps<Demand>['columns'] = [
    {
      title: t('demand.field.title'),
      dataIndex: 'title',
      render: (_, d) => (
        <div>
          <Link to={demandLink(d.id)} data-testid={`demand-row-${d.title}`}>
            {d.title}
          </Link>
          <div>
            <Typography.Text type="secondary" className="gs-small">
              {d.duty}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('demand.field.requesterUnit'), dataIndex: 'requesterUnitName', width: 200 },
    { title: t('demand.field.providerUnit'), dataIndex: 'providerUnitName', width: 200, render: (v: string | null) => v ?? t('common.none') },
    { title: t('demand.field.method'), dataIndex: 'method', width: 110, render: (m: Demand['method']) => t(`demand.method.${m}`) },
    { title: t('demand.field.neededBy'), dataIndex: 'neededBy', width: 120 },
    { title: t('common.status'), dataIndex: 'state', width: 150, render: (s: DemandState) => <DemandStateTag state={s} /> },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => <Time value={v} /> },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('demand.menu.board')}
        description={t('demand.board.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t('common.refresh')}
            </Button>
            {isUnit && (
              <Link to="/sharing/demands/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="demand-new">
                  {t('demand.menu.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <Card className="gs-filter-card" size="small">
        <Space wrap>
          {isUnit && (
            <Segmented<DemandBox>
              value={box}
              onChange={(v) => {
                setBox(v);
                setPage(1);
              }}
              options={[
                { value: 'all', label: t('demand.board.boxAll') },
                { value: 'mine', label: t('demand.board.boxMine') },
                { value: 'to_answer', label: t('demand.board.boxToAnswer') },
              ]}
            />
          )}
          <Input.Search
            allowClear
            style={{ width: 320 }}
            placeholder={t('demand.board.searchPlaceholder')}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
            data-testid="demand-search"
          />
        </Space>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={state}
          onChange={(k) => {
            setState(k as DemandState | 'all');
            setPage(1);
          }}
          items={[
            { key: 'all', label: <Space size={4}>{t('demand.board.allStates')}<Badge count={total} showZero color="#8c8c8c" overflowCount={9999} /></Space> },
            ...BOARD_STATES.map((s) => ({
              key: s,
              label: (
                <Space size={4} data-testid={`demand-tab-${s}`}>
                  {t(`demand.state.${s}`)}
                  <Badge count={data.counts[s] ?? 0} showZero={false} overflowCount={9999} />
                </Space>
              ),
            })),
          ]}
        />
        <Table<Demand>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data.items}
          locale={{ emptyText: t('demand.board.empty') }}
          pagination={{ current: page, pageSize: PAGE, total: data.total, onChange: setPage, showTotal: (n) => t('common.total', { count: n }), showSizeChanger: false }}
          data-testid="demand-table"
        />
      </Card>
    </div>
  );
}
