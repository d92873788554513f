import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Empty, Input, Pagination, Row, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import {
  BankOutlined,
  CalendarOutlined,
  ClearOutlined,
  FieldTimeOutlined,
  SearchOutlined,
  SortAscendingOutlined,
  SortDescendingOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatTime } from '../../components/labels';
import type { MessageKey } from '../../i18n/keys';
import { FACETS, SORTS, type FacetBucket, type FacetName, type SearchResult, type SortKey } from '../../catalogTypes';
import { catalogApi, resourceLink } from './catalogApi';
import { FormatTag, LayerTag, SharingTag } from './components';
import { Highlight } from './highlight';

const PAGE_SIZE = 10;
const FACET_PREVIEW = 6;
const SUGGESTIONS = ['人口', '法人', '不动产', '社保', '三亚', '旅游'];

/** Facets whose values are vocabulary codes the portal translates itself. */
const FACET_VOCAB: Partial<Record<FacetName, string>> = {
  layer: 'catalog.layer',
  sharingType: 'catalog.sharingType',
  format: 'catalog.format',
  updateCycle: 'catalog.cycle',
};

const EMPTY: SearchResult = {
  items: [],
  total: 0,
  facets: { provider: [], layer: [], sharingType: [], format: [], updateCycle: [], classification: [] },
};

export default function CatalogSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const sort = (params.get('sort') as SortKey | null) ?? (q ? 'relevance' : 'publishedAt');
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const [text, setText] = useState(q);
  const [result, setResult] = useState<SearchResult>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Partial<Record<FacetName, boolean>>>({});
  const key = params.toString();

  useEffect(() => setText(q), [q]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const p = new URLSearchParams(key);
    const query: Record<string, string | number> = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, order };
    if (q) query.q = q;
    for (const f of FACETS) {
      const v = p.get(f);
      if (v) query[f] = v;
    }
    catalogApi
      .search(query)
      .then((r) => {
        if (!live) return;
        setResult(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(errorMessage(e));
        setResult(EMPTY);
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key, q, page, sort, order]);

  const update = (patch: Record<string, string | null>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };

  const facetLabel = (facet: FacetName, b: Pick<FacetBucket, 'value' | 'label'>) => {
    const vocab = FACET_VOCAB[facet];
    return vocab ? t(`${vocab}.${b.value}` as MessageKey, { defaultValue: b.label || b.value }) : b.label || b.value;
  };

  const active = FACETS.filter((f) => params.get(f)).map((f) => {
    const value = params.get(f)!;
    const bucket = result.facets[f]?.find((b) => b.value === value);
    return { facet: f, value, label: facetLabel(f, bucket ?? { value, label: value }) };
  });

  const sortOptions = useMemo(
    () => SORTS.filter((s) => s !== 'relevance' || q).map((s) => ({ value: s, label: t(`catalog.search.sort.${s}`) })),
    [q, t],
  );

  return (
    <div className="gs-page">
      <PageHeader title={t('catalog.search.title')} description={t('catalog.search.description')} />
      <Card className="gs-search-hero" variant="borderless">
        <Input.Search
          size="large"
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim(), sort: null })}
          placeholder={t('catalog.search.placeholder')}
          enterButton={
            <Space size={6}>
              <SearchOutlined />
              {t('catalog.search.button')}
            </Space>
          }
          data-testid="catalog-search"
          aria-label={t('catalog.search.title')}
        />
        <div className="gs-search-suggest">
          <Typography.Text type="secondary">{t('catalog.search.try')}</Typography.Text>
          {SUGGESTIONS.map((s) => (
            <Tag key={s} className="gs-clickable" onClick={() => update({ q: s, sort: null })}>
              {s}
            </Tag>
          ))}
        </div>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={7} xl={6}>
          <Card size="small" title={t('catalog.search.facets')} className="gs-facet-card" data-testid="catalog-facets">
            {FACETS.map((f) => {
              const buckets = result.facets[f] ?? [];
              const shown = expanded[f] ? buckets : buckets.slice(0, FACET_PREVIEW);
              const selected = params.get(f);
              return (
                <div key={f} className="gs-facet" data-testid={`facet-${f}`}>
                  <div className="gs-facet-title">{t(`catalog.search.facet.${f}`)}</div>
                  {buckets.length === 0 && (
                    <Typography.Text type="secondary" className="gs-small">
                      {t('common.none')}
                    </Typography.Text>
                  )}
                  {shown.map((b) => {
                    const on = selected === b.value;
                    return (
                      <button
                        type="button"
                        key={b.value}
                        className={on ? 'gs-facet-item gs-facet-item-on' : 'gs-facet-item'}
                        onClick={() => update({ [f]: on ? null : b.value })}
                        aria-pressed={on}
                      >
                        <span className="gs-facet-label">{facetLabel(f, b)}</span>
                        <span className="gs-facet-count">{b.count}</span>
                      </button>
                    );
                  })}
                  {buckets.length > FACET_PREVIEW && (
                    <Button type="link" size="small" className="gs-facet-more" onClick={() => setExpanded((e) => ({ ...e, [f]: !e[f] }))}>
                      {expanded[f] ? t('catalog.search.less') : t('catalog.search.more', { count: buckets.length - FACET_PREVIEW })}
                    </Button>
                  )}
                </div>
              );
            })}
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <Card size="small" className="gs-results-card">
            <div className="gs-results-bar">
              <Space wrap size={[6, 6]}>
                <Typography.Text data-testid="catalog-total">
                  {q ? t('catalog.search.foundFor', { count: result.total, q }) : t('catalog.search.found', { count: result.total })}
                </Typography.Text>
                {active.map((a) => (
                  <Tag key={a.facet} color="blue" closable onClose={() => update({ [a.facet]: null })} data-testid={`chip-${a.facet}`}>
                    {t(`catalog.search.facet.${a.facet}`)}：{a.label}
                  </Tag>
                ))}
                {(active.length > 0 || q) && (
                  <Button type="link" size="small" icon={<ClearOutlined />} onClick={() => setParams(new URLSearchParams())}>
                    {t('catalog.search.clear')}
                  </Button>
                )}
              </Space>
              <Space size={4}>
                <Typography.Text type="secondary">{t('catalog.search.sortBy')}</Typography.Text>
                <Select<SortKey>
                  size="small"
                  value={sort}
                  options={sortOptions}
                  onChange={(s) => update({ sort: s })}
                  style={{ width: 120 }}
                  data-testid="catalog-sort"
                  aria-label={t('catalog.search.sortBy')}
                />
                <Tooltip title={order === 'asc' ? t('catalog.search.asc') : t('catalog.search.desc')}>
                  <Button
                    size="small"
                    icon={order === 'asc' ? <SortAscendingOutlined /> : <SortDescendingOutlined />}
                    onClick={() => update({ order: order === 'asc' ? 'desc' : 'asc' })}
                    aria-label={order === 'asc' ? t('catalog.search.asc') : t('catalog.search.desc')}
                  />
                </Tooltip>
              </Space>
            </div>
            {error && <Alert type="error" showIcon message={error} className="gs-form-alert" />}
            <Spin spinning={loading}>
              {result.items.length === 0 && !loading ? (
                <Empty description={q ? t('catalog.search.noneFor', { q }) : t('common.empty')} className="gs-results-empty" />
              ) : (
                <div data-testid="catalog-results">
                  {result.items.map((r) => (
                    <div key={r.code} className="gs-result" data-testid={`result-${r.code}`}>
                      <div className="gs-result-head">
                        <Link to={resourceLink(r.code)} className="gs-result-title">
                          <Highlight fragment={r.highlight?.name} text={r.name} />
                        </Link>
                        <span className="gs-result-tags">
                          <LayerTag layer={r.layer} />
                          <SharingTag type={r.sharingType} />
                          <FormatTag format={r.format} />
                        </span>
                      </div>
                      <div className="gs-result-abstract">
                        <Highlight fragment={r.highlight?.abstract} text={r.abstract} />
                      </div>
                      <div className="gs-result-meta">
                        <span>
                          <BankOutlined /> {r.providerUnitName}
                        </span>
                        <span>
                          <FieldTimeOutlined /> {t('catalog.search.cycle', { cycle: t(`catalog.cycle.${r.updateCycle}`) })}
                        </span>
                        <span>
                          <CalendarOutlined /> {t('catalog.search.published', { date: formatTime(r.publishedAt).slice(0, 10) })}
                        </span>
                        <span className="gs-mono">{r.code}</span>
                        {r.classificationName && <span>{r.classificationName}</span>}
                      </div>
                      {r.keywords.length > 0 && (
                        <div className="gs-result-keywords">
                          {r.keywords.slice(0, 8).map((k) => (
                            <Tag key={k} bordered={false} className="gs-clickable" onClick={() => update({ q: k, sort: null })}>
                              {k}
                            </Tag>
                          ))}
                        </div>
                      )}
                    </div>
                  ))}
                </div>
              )}
            </Spin>
            {result.total > PAGE_SIZE && (
              <Pagination
                className="gs-results-pager"
                current={page}
                pageSize={PAGE_SIZE}
                total={result.total}
                showSizeChanger={false}
                showTotal={(n) => t('common.total', { count: n })}
                onChange={(p) => update({ page: String(p) }, true)}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
