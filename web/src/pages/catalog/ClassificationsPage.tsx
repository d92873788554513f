import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Tabs, Tree, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, errorMessage } from '../../api';
import { hasAnyRole, useMe } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { Time } from '../../components/labels';
import { CLASSIFICATION_KINDS, type Classification, type ClassificationKind } from '../../catalogTypes';
import { catalogApi } from './catalogApi';
import { classificationTree, useClassifications } from './components';

interface Editing {
  mode: 'create' | 'edit';
  kind: ClassificationKind;
  parent: Classification | null;
  node: Classification | null;
}

interface Values {
  code: string;
  name: string;
  description?: string;
}

/** 分类维护: the 基础 / 主题 / 部门 trees with 类-项-目-细目 levels, maintained by the authority. */
export default function ClassificationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const classes = useClassifications();
  const [kind, setKind] = useState<ClassificationKind>('basic');
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const canManage = hasAnyRole(me, ['authority_reviewer']);
  const tree = useMemo(() => classificationTree(classes.items.filter((c) => c.kind === kind), t, false), [classes.items, kind, t]);
  const node = selected ? classes.byId.get(selected) ?? null : null;
  const parent = node?.parentId ? classes.byId.get(node.parentId) ?? null : null;
  const children = node ? classes.items.filter((c) => c.parentId === node.id) : [];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('catalog.classifications.title')}
        description={t('catalog.classifications.description')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', kind, parent: null, node: null })} data-testid="class-create-root">
              {t('catalog.classifications.addRoot')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Tabs
          activeKey={kind}
          onChange={(k) => {
            setKind(k as ClassificationKind);
            setSelected(null);
          }}
          items={CLASSIFICATION_KINDS.map((k) => ({ key: k, label: `${t(`catalog.classKind.${k}`)}（${classes.items.filter((c) => c.kind === k).length}）` }))}
        />
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            {tree.length ? (
              <Tree
                showLine
                blockNode
                treeData={tree}
                key={`${kind}:${classes.items.length}`}
                defaultExpandAll
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected(keys.length ? String(keys[0]) : null)}
                className="gs-class-tree"
                data-testid="classification-tree"
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={classes.loading ? t('common.loading') : t('common.empty')} />
            )}
          </Col>
          <Col xs={24} lg={14}>
            {node ? (
              <Card
                size="small"
                type="inner"
                title={`${node.code} ${node.name}`}
                extra={
                  canManage && (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', kind: node.kind, parent, node })}>
                        {t('common.edit')}
                      </Button>
                      {node.level < 4 && (
                        <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', kind: node.kind, parent: node, node: null })}>
                          {t('catalog.classifications.addChild', { level: t(`catalog.classLevel.l${(node.level + 1) as 2 | 3 | 4}`) })}
                        </Button>
                      )}
                    </Space>
                  )
                }
              >
                <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
                  <Descriptions.Item label={t('catalog.classifications.code')}>
                    <span className="gs-mono">{node.code}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.name')}>{node.name}</Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.kind')}>{t(`catalog.classKind.${node.kind}`)}</Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.level')}>{t(`catalog.classLevel.l${node.level}`)}</Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.parent')}>{parent ? `${parent.code} ${parent.name}` : t('common.none')}</Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.descriptionField')}>{node.description || t('common.none')}</Descriptions.Item>
                  <Descriptions.Item label={t('catalog.classifications.children')}>{children.length}</Descriptions.Item>
                  <Descriptions.Item label={t('common.updatedAt')}>
                    <Time value={node.updatedAt} />
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ) : (
              <Empty description={t('catalog.classifications.pick')} />
            )}
          </Col>
        </Row>
      </Card>
      <ClassificationModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(c) => {
          setEditing(null);
          classes.reload();
          setSelected(c.id);
        }}
      />
    </div>
  );
}

function ClassificationModal({ editing, onClose, onSaved }: { editing: Editing | null; onClose: () => void; onSaved: (c: Classification) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!editing) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(
      editing.node ? { code: editing.node.code, name: editing.node.name, description: editing.node.description } : { code: editing.parent?.code ?? '' },
    );
  }, [editing, form]);

  const submit = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      const saved = editing.node
        ? await catalogApi.updateClassification(editing.node.id, { name: v.name.trim(), description: v.description?.trim() ?? '' })
        : await catalogApi.createClassification({
            kind: editing.kind,
            code: v.code.trim(),
            name: v.name.trim(),
            parentId: editing.parent?.id ?? null,
            description: v.description?.trim() ?? '',
          });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      const rest = applyFieldErrors(form, e);
      setProblem([errorMessage(e), ...rest].join(' '));
    } finally {
      setSaving(false);
    }
  };

  const req = { required: true, message: t('common.required') };
  const title = !editing
    ? ''
    : editing.node
      ? t('catalog.classifications.editTitle', { name: editing.node.name })
      : editing.parent
        ? t('catalog.classifications.createUnder', { name: `${editing.parent.code} ${editing.parent.name}` })
        : t('catalog.classifications.createRoot', { kind: t(`catalog.classKind.${editing.kind}`) });
  return (
    <Modal
      open={!!editing}
      title={title}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'class-form-submit' }}
      forceRender
      maskClosable={false}
    >
      {problem && <Alert type="error" showIcon message={problem} className="gs-form-alert" />}
      <Form form={form} layout="vertical" disabled={saving}>
        <Form.Item
          name="code"
          label={t('catalog.classifications.code')}
          extra={t('catalog.classifications.codeHelp')}
          normalize={(v: string) => v?.toUpperCase().replace(/\s/g, '')}
          rules={[req, { pattern: /^[0-9A-Z]{1,20}$/, message: t('catalog.classifications.codeFormat') }]}
        >
          <Input className="gs-mono" disabled={editing?.mode === 'edit'} data-testid="class-code" />
        </Form.Item>
        <Form.Item name="name" label={t('catalog.classifications.name')} rules={[req, { max: 100 }]}>
          <Input data-testid="class-name" />
        </Form.Item>
        <Form.Item name="description" label={t('catalog.classifications.descriptionField')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} data-testid="class-description" />
        </Form.Item>
        {editing?.parent && (
          <Typography.Text type="secondary" className="gs-small">
            {t('catalog.classifications.parent')}：{editing.parent.code} {editing.parent.name}
          </Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
