import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api';
import { hasAnyRole, useMe } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { FORMULAS, INDICATORS, INDICATOR_GROUP, UNIT_FUNCTIONS, evaluationApi, type Formula, type Indicator, type Settings, type SettingsView, type UnitFunction } from './evaluationApi';

/** 评估设置: weights, formulas (with their parameters) and grade bands; saving makes a new version. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canEdit = hasAnyRole(me, ['authority_reviewer']);
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    evaluationApi.settings().then(
      (v) => {
        setView(v);
        setDraft(structuredClone(v.settings));
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!view || !draft) return <Spin />;
  const sum = INDICATORS.reduce((s, i) => s + (draft.indicators[i]?.weight ?? 0), 0);
  const patch = (i: Indicator, p: Partial<Settings['indicators'][Indicator]>) => setDraft({ ...draft, indicators: { ...draft.indicators, [i]: { ...draft.indicators[i], ...p } } });
  const save = async () => {
    setSaving(true);
    try {
      const v = await evaluationApi.saveSettings(draft);
      setView(v);
      setDraft(structuredClone(v.settings));
      message.success(t('evaluation.settings.saved', { version: v.version }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('evaluation.settings.title')}
        description={t('evaluation.settings.description')}
        extra={
          canEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} disabled={sum !== 100}>
              {t('evaluation.settings.save')}
            </Button>
          )
        }
      />
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>
          {t('evaluation.settings.version', { version: view.version })}
          {view.version === 0 && t('evaluation.settings.defaults')}
        </Typography.Text>
        <Typography.Text type={sum === 100 ? 'success' : 'danger'}>{t('evaluation.settings.sum', { sum })}</Typography.Text>
      </Space>
      <Table
        rowKey="indicator"
        size="small"
        pagination={false}
        dataSource={INDICATORS.map((i) => ({ indicator: i, ...draft.indicators[i] }))}
        columns={[
          { title: t('evaluation.unit.group'), dataIndex: 'indicator', render: (i: Indicator) => t(`evaluation.group.${INDICATOR_GROUP[i]}`) },
          { title: t('evaluation.unit.indicator'), dataIndex: 'indicator', render: (i: Indicator) => t(`evaluation.indicator.${i}`) },
          {
            title: t('evaluation.settings.weight'),
            dataIndex: 'weight',
            render: (w: number, r) => <InputNumber min={0} max={100} precision={0} value={w} disabled={!canEdit} onChange={(v) => patch(r.indicator, { weight: v ?? 0 })} />,
          },
          {
            title: t('evaluation.settings.formula'),
            dataIndex: 'formula',
            render: (f: Formula, r) => (
              <Select<Formula> style={{ width: 220 }} value={f} disabled={!canEdit} onChange={(v) => patch(r.indicator, { formula: v })} options={FORMULAS.map((x) => ({ value: x, label: t(`evaluation.formula.${x}`) }))} />
            ),
          },
          {
            title: '',
            key: 'params',
            render: (_: unknown, r) =>
              r.formula === 'threshold' ? (
                <Space>
                  {t('evaluation.settings.target')}
                  <InputNumber min={0.0001} value={r.target} disabled={!canEdit} onChange={(v) => patch(r.indicator, { target: v ?? undefined })} />
                </Space>
              ) : r.formula === 'deduction' ? (
                <Space>
                  {t('evaluation.settings.points')}
                  <InputNumber min={0} max={100} value={r.points} disabled={!canEdit} onChange={(v) => patch(r.indicator, { points: v ?? 0 })} />
                  {t('evaluation.settings.cap')}
                  <InputNumber min={0} max={100} value={r.cap} disabled={!canEdit} onChange={(v) => patch(r.indicator, { cap: v ?? 100 })} />
                </Space>
              ) : null,
          },
        ]}
      />
      <Card size="small" title={t('evaluation.settings.bands')} style={{ marginTop: 16 }}>
        <Space wrap>
          {(['excellent', 'good', 'pass'] as const).map((b) => (
            <Space key={b}>
              {t(`evaluation.grade.${b}`)}
              <InputNumber min={0} max={100} value={draft.bands[b]} disabled={!canEdit} onChange={(v) => setDraft({ ...draft, bands: { ...draft.bands, [b]: v ?? 0 } })} />
            </Space>
          ))}
        </Space>
      </Card>
      <Card size="small" title={t('evaluation.settings.excluded')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('evaluation.settings.excludedHint')}</Typography.Paragraph>
        <Select
          mode="multiple"
          style={{ minWidth: 360 }}
          disabled={!canEdit}
          data-testid="excluded-functions"
          value={draft.excludedFunctions ?? ['leadership_group']}
          options={UNIT_FUNCTIONS.map((f) => ({ value: f, label: t(`unitFunction.${f}`) }))}
          onChange={(v: UnitFunction[]) => setDraft({ ...draft, excludedFunctions: v })}
        />
      </Card>
    </>
  );
}
