import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, AutoComplete, Button, Card, Col, Empty, Input, Row, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { AimOutlined, BankOutlined, CrownOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import type { CollectionEntry } from '../../catalogTypes';
import { catalogApi, resourceLink } from './catalogApi';
import { useDataElements } from './components';

/** 采集目录: which unit collects which standard data elements; "who collects Y" locates them. */
export default function CollectionCatalogPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const elements = useDataElements();
  const [element, setElement] = useState('');
  const [locate, setLocate] = useState('');
  const [q, setQ] = useState('');
  const [items, setItems] = useState<CollectionEntry[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    catalogApi
      .collection({ element: element || undefined, q: q || undefined })
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && message.error(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [element, q, message]);

  const elementOptions = useMemo(
    () =>
      elements.items
        .filter((e) => !locate || e.name.includes(locate) || e.code.toLowerCase().includes(locate.toLowerCase()))
        .slice(0, 30)
        .map((e) => ({ value: e.name, label: `${e.name}（${e.code}）` })),
    [elements.items, locate],
  );

  const authoritative = element ? items.find((u) => u.elements.some((e) => e.authoritative && (e.elementName === element || e.elementCode === element))) : undefined;

  return (
    <div className="gs-page">
      <PageHeader title={t('catalog.collection.title')} description={t('catalog.collection.description')} />
      <Card size="small" className="gs-side-card">
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Typography.Text strong>
              <AimOutlined /> {t('catalog.collection.locate')}
            </Typography.Text>
            <Space.Compact block className="gs-locate">
              <AutoComplete
                value={locate}
                options={elementOptions}
                onChange={setLocate}
                onSelect={(v: string) => setElement(v)}
                style={{ flex: 1 }}
                allowClear
                onClear={() => setElement('')}
              >
                <Input placeholder={t('catalog.collection.locatePh')} onPressEnter={() => setElement(locate.trim())} data-testid="collection-locate" />
              </AutoComplete>
              <Button type="primary" onClick={() => setElement(locate.trim())}>
                {t('catalog.collection.locateButton')}
              </Button>
            </Space.Compact>
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text strong>
              <BankOutlined /> {t('catalog.collection.holds')}
            </Typography.Text>
            <Input.Search allowClear className="gs-locate" placeholder={t('catalog.collection.holdsPh')} onSearch={(v) => setQ(v.trim())} enterButton={t('common.search')} />
          </Col>
        </Row>
      </Card>
      {element && !loading && (
        <Alert
          type={items.length ? 'info' : 'warning'}
          showIcon
          data-testid="collection-answer"
          message={
            items.length
              ? t('catalog.collection.answer', { count: items.length, element })
              : t('catalog.collection.nobody', { element })
          }
          description={authoritative ? t('catalog.collection.authoritativeIs', { unit: authoritative.unitName }) : undefined}
        />
      )}
      <Spin spinning={loading}>
        {items.length === 0 && !loading ? (
          <Card size="small">
            <Empty description={t('common.empty')} />
          </Card>
        ) : (
          <Row gutter={[16, 16]}>
            {items.map((u) => (
              <Col key={u.unitId} xs={24} md={12} xxl={8}>
                <Card size="small" title={u.unitName} extra={<Typography.Text type="secondary">{t('catalog.collection.elementCount', { count: u.elements.length })}</Typography.Text>} className="gs-collect-card">
                  {u.elements.map((e) => (
                    <Tooltip
                      key={e.elementCode}
                      title={
                        <div>
                          {e.resources.map((r) => (
                            <div key={`${r.code}:${r.itemCode}`}>
                              {r.name} · {r.itemName}
                            </div>
                          ))}
                        </div>
                      }
                    >
                      <Tag color={e.authoritative ? 'gold' : element && (e.elementName === element || e.elementCode === element) ? 'blue' : 'default'} icon={e.authoritative ? <CrownOutlined /> : undefined} className="gs-collect-tag">
                        {e.resources[0] ? <Link to={resourceLink(e.resources[0].code)}>{e.elementName}</Link> : e.elementName}
                      </Tag>
                    </Tooltip>
                  ))}
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </Spin>
      <Typography.Paragraph type="secondary" className="gs-hint">
        <CrownOutlined /> {t('catalog.collection.legend')}
      </Typography.Paragraph>
    </div>
  );
}
