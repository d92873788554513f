import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import type { Subscription } from '../../exchangeTypes';
import { exchangeApi } from './exchangeApi';
import { SubscriptionTable } from './SubscriptionsPanel';

/** 我的订阅: every change subscription of the caller, across resources. New ones are made on a resource's 订阅 tab. */
export default function MySubscriptionsPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Subscription[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setItems((await exchangeApi.mySubscriptions()).items);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Resource names for the list; a subscription needs access, so its resource is among these.
  useEffect(() => {
    let live = true;
    void Promise.allSettled([exchangeApi.list('consumer'), exchangeApi.list('provider')]).then((results) => {
      if (!live) return;
      const map = new Map<string, string>();
      for (const r of results) if (r.status === 'fulfilled') for (const d of r.value.items) map.set(d.resourceCode, d.name);
      setNames(map);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="gs-page">
      <PageHeader
        title={t('exchange.mySubs.title')}
        description={t('exchange.mySubs.description')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>
            {t('common.refresh')}
          </Button>
        }
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <SubscriptionTable items={items} loading={loading} onChanged={() => void load()} showResource resourceNames={names} />
      </Card>
    </div>
  );
}
