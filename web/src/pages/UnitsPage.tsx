import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tree,
  Typography,
  type TableProps,
  type TreeDataNode,
} from 'antd';
import { ApartmentOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api';
import { hasAnyRole, useMe } from '../auth';
import { useAllUnits } from '../hooks';
import { PageHeader } from '../components/PageHeader';
import { FunctionTags, KindTag, Time } from '../components/labels';
import { UnitFormModal } from '../components/UnitFormModal';
import { UNIT_FUNCTIONS, UNIT_KINDS, type Contact, type ListResult, type Unit, type UnitFunction, type UnitKind } from '../types';

const PAGE_SIZE = 20;

interface Filters {
  q: string;
  kind?: UnitKind;
  function?: UnitFunction;
  parentId?: string;
}

/** Units whose parent is missing from the list become roots, so nothing disappears from the tree. */
function buildTree(units: Unit[]): TreeDataNode[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, Unit[]>();
  // City departments first, then districts, towns, committees, affiliated units; by code within a kind.
  const sorted = [...units].sort((a, b) => UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind) || a.code.localeCompare(b.code));
  for (const u of sorted) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const build = (parent: string | null): TreeDataNode[] =>
    (children.get(parent) ?? []).map((u) => ({ key: u.id, title: u.name, children: build(u.id) }));
  return build(null);
}

export default function UnitsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const all = useAllUnits();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ListResult<Unit>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [detail, setDetail] = useState<Unit | null>(null);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);

  const isAdmin = hasAnyRole(me, ['platform_admin']);
  const canEdit = (u: Unit) => isAdmin || (hasAnyRole(me, ['unit_steward']) && me.unitId === u.id);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(
        await api.get<ListResult<Unit>>('/units', {
          q: filters.q,
          kind: filters.kind,
          function: filters.function,
          parentId: filters.parentId,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        }),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [filters, page, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const tree = useMemo(() => buildTree(all.items), [all.items]);
  const parent = filters.parentId ? all.byId.get(filters.parentId) : undefined;

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const saved = (unit: Unit) => {
    setEditing(null);
    setDetail((d) => (d && d.id === unit.id ? unit : d));
    all.reload();
    void load();
  };

  const columns: TableProps<Unit>['columns'] = [
    {
      title: t('units.name'),
      dataIndex: 'name',
      render: (_, u) => (
        <div>
          <Typography.Link onClick={() => setDetail(u)} data-testid={`unit-row-${u.code}`}>
            {u.name}
          </Typography.Link>
          {u.parentName && (
            <div>
              <Typography.Text type="secondary" className="gs-small">
                {t('units.parentOf', { name: u.parentName })}
              </Typography.Text>
            </div>
          )}
          {u.functions.length > 0 && (
            <div className="gs-cell-tags">
              <FunctionTags functions={u.functions} />
            </div>
          )}
        </div>
      ),
    },
    { title: t('units.code'), dataIndex: 'code', width: 175, render: (v: string) => <span className="gs-mono">{v}</span> },
    { title: t('units.kind'), dataIndex: 'kind', width: 120, render: (k: UnitKind) => <KindTag kind={k} /> },
    {
      title: t('units.responsiblePerson'),
      key: 'responsible',
      width: 170,
      render: (_, u) =>
        u.responsiblePerson ? (
          <div>
            <div>{u.responsiblePerson.name}</div>
            {u.responsiblePerson.title && (
              <Typography.Text type="secondary" className="gs-small">
                {u.responsiblePerson.title}
              </Typography.Text>
            )}
          </div>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDetail(u)}>
            {t('common.view')}
          </Button>
          {canEdit(u) && (
            <Button type="link" size="small" onClick={() => setEditing(u)}>
              {t('common.edit')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('units.title')}
        description={t('units.description')}
        extra={
          isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="unit-create">
              {t('units.create')}
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={7} xl={6} xxl={5}>
          <Card
            size="small"
            title={
              <Space>
                <ApartmentOutlined />
                {t('units.hierarchy')}
              </Space>
            }
            extra={<Button type="text" size="small" icon={<ReloadOutlined />} onClick={all.reload} aria-label={t('common.refresh')} />}
            className="gs-tree-card"
          >
            {tree.length ? (
              <Tree
                showLine
                blockNode
                defaultExpandAll
                key={all.items.length}
                treeData={tree}
                selectedKeys={filters.parentId ? [filters.parentId] : []}
                onSelect={(keys) => setFilter({ parentId: keys.length ? String(keys[0]) : undefined })}
                data-testid="unit-tree"
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={all.loading ? t('common.loading') : t('common.empty')} />
            )}
            <Typography.Paragraph type="secondary" className="gs-hint">
              {t('units.treeHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18} xxl={19}>
          <Card size="small">
            <Space wrap className="gs-toolbar">
              <Input.Search
                allowClear
                placeholder={t('units.searchPlaceholder')}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onSearch={(q) => setFilter({ q: q.trim() })}
                style={{ width: 280 }}
                data-testid="unit-search"
                aria-label={t('common.search')}
              />
              <Select<UnitKind>
                allowClear
                placeholder={t('units.kindFilter')}
                value={filters.kind}
                onChange={(kind) => setFilter({ kind })}
                options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
                style={{ width: 150 }}
                aria-label={t('units.kindFilter')}
                data-testid="unit-kind-filter"
              />
              <Select<UnitFunction>
                allowClear
                placeholder={t('units.functionFilter')}
                value={filters.function}
                onChange={(fn) => setFilter({ function: fn })}
                options={UNIT_FUNCTIONS.map((f) => ({ value: f, label: t(`unitFunction.${f}`) }))}
                style={{ width: 170 }}
                aria-label={t('units.functionFilter')}
              />
              {parent && (
                <Tag closable onClose={() => setFilter({ parentId: undefined })} color="blue">
                  {t('units.childrenOf', { name: parent.name })}
                </Tag>
              )}
            </Space>
            <Table<Unit>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={data.items}
              loading={loading}
              data-testid="unit-table"
              scroll={{ x: 820 }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: data.total,
                showSizeChanger: false,
                showTotal: (n) => t('common.total', { count: n }),
                onChange: setPage,
              }}
            />
          </Card>
        </Col>
      </Row>

      <UnitDrawer unit={detail} onClose={() => setDetail(null)} onEdit={detail && canEdit(detail) ? () => setEditing(detail) : undefined} />
      <UnitFormModal
        open={editing !== null}
        unit={editing === 'new' ? null : editing}
        units={all.items}
        contactsOnly={editing !== 'new' && !isAdmin}
        onClose={() => setEditing(null)}
        onSaved={saved}
      />
    </div>
  );
}

function UnitDrawer({ unit, onClose, onEdit }: { unit: Unit | null; onClose: () => void; onEdit?: () => void }) {
  const { t } = useTranslation();
  const person = unit?.responsiblePerson;
  const contactColumns: TableProps<Contact>['columns'] = [
    { title: t('units.contact.name'), dataIndex: 'name' },
    { title: t('units.contact.duty'), dataIndex: 'duty' },
    { title: t('units.contact.phone'), dataIndex: 'phone' },
    { title: t('units.contact.email'), dataIndex: 'email' },
  ];
  return (
    <Drawer
      open={!!unit}
      onClose={onClose}
      width={640}
      title={unit?.name}
      data-testid="unit-drawer"
      extra={
        onEdit && (
          <Button icon={<EditOutlined />} onClick={onEdit}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      {unit && (
        <>
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 150 } }}>
            <Descriptions.Item label={t('units.name')}>{unit.name}</Descriptions.Item>
            <Descriptions.Item label={t('units.shortName')}>{unit.shortName || t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('units.code')}>
              <Typography.Text className="gs-mono" copyable>
                {unit.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('units.kind')}>
              <KindTag kind={unit.kind} />
            </Descriptions.Item>
            <Descriptions.Item label={t('units.parent')}>{unit.parentName ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('units.functions')}>
              <FunctionTags functions={unit.functions} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>
              <Time value={unit.createdAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.updatedAt')}>
              <Time value={unit.updatedAt} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} className="gs-section-title">
            {t('units.responsiblePerson')}
          </Typography.Title>
          {person ? (
            <Descriptions column={2} bordered size="small" data-testid="unit-responsible">
              <Descriptions.Item label={t('units.person.name')}>{person.name}</Descriptions.Item>
              <Descriptions.Item label={t('units.person.title')}>{person.title || t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('units.person.phone')}>{person.phone || t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('units.person.email')}>{person.email || t('common.none')}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.noResponsible')} />
          )}
          <Typography.Title level={5} className="gs-section-title">
            {t('units.contacts')}
          </Typography.Title>
          <Table<Contact>
            rowKey={(c) => `${c.name}|${c.phone}|${c.email}`}
            size="small"
            pagination={false}
            columns={contactColumns}
            dataSource={unit.contacts}
            locale={{ emptyText: t('units.noContacts') }}
          />
        </>
      )}
    </Drawer>
  );
}
