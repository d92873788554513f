import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { CalculatorOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api';
import { PageHeader } from '../components/PageHeader';
import type { CalendarDay, CalendarDayKind, CalendarYear } from '../types';

interface AddValues {
  day: Dayjs;
  kind: CalendarDayKind;
  name: string;
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [days, setDays] = useState<CalendarDay[]>([]);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<AddValues>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setDays((await api.get<CalendarYear>(`/calendar/${year}`)).days);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [year, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (next: CalendarDay[], done: string) => {
    setSaving(true);
    try {
      const sorted = [...next].sort((a, b) => a.day.localeCompare(b.day));
      setDays((await api.put<CalendarYear>(`/calendar/${year}`, { days: sorted })).days);
      message.success(done);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const add = async (v: AddValues) => {
    const day = v.day.format('YYYY-MM-DD');
    const next = [...days.filter((d) => d.day !== day), { day, kind: v.kind, name: v.name.trim() }];
    if (await save(next, t('calendar.added', { day }))) form.resetFields(['day', 'name']);
  };

  const years = useMemo(() => Array.from({ length: 7 }, (_, i) => thisYear - 2 + i), [thisYear]);
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.filter((d) => d.kind === 'workday').length;

  const columns: TableProps<CalendarDay>['columns'] = [
    { title: t('calendar.day'), dataIndex: 'day', width: 140, render: (v: string) => <span className="gs-mono">{v}</span> },
    {
      title: t('calendar.weekday'),
      dataIndex: 'day',
      key: 'weekday',
      width: 100,
      render: (v: string) => dayjs(v).format('dddd'),
    },
    {
      title: t('calendar.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (k: CalendarDayKind) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{t(`calendar.kinds.${k}`)}</Tag>,
    },
    { title: t('calendar.name'), dataIndex: 'name' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, d) => (
        <Popconfirm
          title={t('calendar.removeConfirm', { day: d.day })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => save(days.filter((x) => x.day !== d.day), t('calendar.removed', { day: d.day }))}
        >
          <Button type="link" size="small" danger icon={<DeleteOutlined />}>
            {t('common.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <div className="gs-page">
      <PageHeader
        title={t('calendar.title')}
        description={t('calendar.description')}
        extra={
          <Space>
            <Typography.Text>{t('calendar.year')}</Typography.Text>
            <Select value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: String(y) }))} style={{ width: 110 }} data-testid="calendar-year" />
          </Space>
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('calendar.listTitle', { year })}>
            <Space size={32} className="gs-toolbar">
              <Statistic title={t('calendar.kinds.holiday')} value={holidays} />
              <Statistic title={t('calendar.kinds.workday')} value={workdays} />
            </Space>
            <Table<CalendarDay>
              rowKey="day"
              size="small"
              columns={columns}
              dataSource={days}
              loading={loading || saving}
              pagination={false}
              locale={{ emptyText: t('calendar.empty') }}
              data-testid="calendar-table"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('calendar.addTitle')} className="gs-side-card">
            <Alert type="info" showIcon message={t('calendar.rule')} className="gs-form-alert" />
            <Form form={form} layout="vertical" onFinish={(v) => void add(v)} initialValues={{ kind: 'holiday' }} disabled={saving}>
              <Form.Item name="day" label={t('calendar.day')} rules={[{ required: true, message: t('common.required') }]}>
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.year() !== year}
                  defaultPickerValue={dayjs(`${year}-01-01`)}
                />
              </Form.Item>
              <Form.Item name="kind" label={t('calendar.kind')} rules={[{ required: true }]}>
                <Select
                  options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`calendar.kinds.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name="name" label={t('calendar.name')} rules={[{ required: true, message: t('common.required') }, { max: 50 }]}>
                <Input placeholder={t('calendar.namePlaceholder')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving} block>
                {t('calendar.add')}
              </Button>
            </Form>
          </Card>
          <WorkingDayCalculator />
        </Col>
      </Row>
    </div>
  );
}

/** Shows how deadlines will be counted: N working days after a date, on this calendar. */
function WorkingDayCalculator() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [from, setFrom] = useState<Dayjs | null>(dayjs());
  const [n, setN] = useState<number | null>(10);
  const [result, setResult] = useState<string | null>(null);

  const run = async () => {
    if (!from || n === null) return;
    try {
      const r = await api.get<{ date: string }>('/calendar/add-working-days', { from: from.format('YYYY-MM-DD'), days: n });
      setResult(r.date);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card
      size="small"
      className="gs-side-card"
      title={
        <Space>
          <CalculatorOutlined />
          {t('calendar.calcTitle')}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space.Compact style={{ width: '100%' }}>
          <DatePicker value={from} onChange={setFrom} allowClear={false} aria-label={t('calendar.calcFrom')} style={{ width: '55%' }} />
          <InputNumber min={0} max={3650} value={n} onChange={setN} addonAfter={t('calendar.calcDays')} style={{ width: '45%' }} aria-label={t('calendar.calcDays')} />
        </Space.Compact>
        <Space>
          <Button onClick={() => void run()}>{t('calendar.calc')}</Button>
          {result && <Typography.Text strong>{t('calendar.calcResult', { date: result, weekday: dayjs(result).format('dddd') })}</Typography.Text>}
        </Space>
      </Space>
    </Card>
  );
}
