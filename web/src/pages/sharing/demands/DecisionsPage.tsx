import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { PageHeader } from '../../../components/PageHeader';
import { Time } from '../../../components/labels';
import { demandApi, demandLink, type Demand } from './demandApi';
import { DemandStateTag } from './components';

type TabKey = 'awaiting' | 'decided';

/** 领导小组决策: escalated matters awaiting the leadership group, and its (binding) decisions. */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [tab, setTab] = useState<TabKey>('awaiting');
  const [rows, setRows] = useState<Demand[]>([]);
  const [counts, setCounts] = useState<Record<TabKey, number>>({ awaiting: 0, decided: 0 });
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [awaiting, decided] = await Promise.all([
        demandApi.list({ state: 'escalated', limit: 200 }),
        demandApi.list({ decisionLevel: 'leadership', limit: 200 }),
      ]);
      setCounts({ awaiting: awaiting.total, decided: decided.total });
      setRows(tab === 'awaiting' ? awaiting.items : decided.items);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [tab, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const columns: TableProps<Demand>['columns'] = [
    {
      title: t('demand.field.title'),
      dataIndex: 'title',
      render: (_, d) => (
        <div>
          <Link to={demandLink(d.id)} data-testid={`decision-row-${d.title}`}>
            {d.title}
          </Link>
          <div>
            <Typography.Text type="secondary" className="gs-small">
              {d.requesterUnitName} → {d.providerUnitName ?? t('common.none')}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('demand.detail.reason'), key: 'reason', render: (_, d) => <span style={{ whiteSpace: 'pre-wrap' }}>{d.escalation?.reason ?? d.answer?.reasons ?? ''}</span> },
    { title: t('demand.decisions.escalatedAt'), key: 'esc', width: 170, render: (_, d) => <Time value={d.escalation?.at} /> },
    tab === 'decided'
      ? {
          title: t('demand.decision.title'),
          key: 'decision',
          width: 280,
          render: (_, d) =>
            d.decision && (
              <div>
                <Tag color="purple">{t(`demand.outcome.${d.decision.outcome}`)}</Tag>
                <div className="gs-small" style={{ whiteSpace: 'pre-wrap' }}>
                  {d.decision.text}
                </div>
                <Typography.Text type="secondary" className="gs-small">
                  <Time value={d.decision.at} />
                </Typography.Text>
              </div>
            ),
        }
      : { title: t('common.status'), dataIndex: 'state', width: 150, render: (_, d) => <DemandStateTag state={d.state} /> },
    {
      title: t('common.actions'),
      key: 'open',
      width: 90,
      render: (_, d) => (
        <Link to={demandLink(d.id)}>
          <Button size="small" type={tab === 'awaiting' ? 'primary' : 'default'}>
            {tab === 'awaiting' ? t('demand.decisions.open') : t('common.view')}
          </Button>
        </Link>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('demand.menu.decisions')}
        description={t('demand.decisions.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as TabKey)}
          items={[
            { key: 'awaiting', label: `${t('demand.decisions.awaiting')} (${counts.awaiting})` },
            { key: 'decided', label: `${t('demand.decisions.decided')} (${counts.decided})` },
          ]}
        />
        <Table<Demand> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={rows} locale={{ emptyText: t('demand.decisions.empty') }} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="decisions-table" />
      </Card>
    </div>
  );
}
