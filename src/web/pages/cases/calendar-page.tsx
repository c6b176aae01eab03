import { useMemo, useState } from 'react';
import { Button, Checkbox, Form, Input, Modal, Radio, Select, Space, TimePicker, message } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { useSubmit } from '../../use-submit.js';
import './cases.css';

interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  note: string | null;
  isProvisional: boolean;
}
interface CalendarYear {
  year: number;
  workingHours: { periods: { start: string; end: string }[] };
  days: CalendarDay[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 工作日历 (/admin/calendar): a year of holidays and make-up workdays (调休), editable, and the working hours. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendar = useApi<CalendarYear>('/api/calendar', { year });
  const [editing, setEditing] = useState<{ date: string; day?: CalendarDay } | null>(null);
  const [hoursOpen, setHoursOpen] = useState(false);
  const byDate = useMemo(() => new Map((calendar.data?.days ?? []).map((d) => [d.date, d])), [calendar.data]);
  const holidays = (calendar.data?.days ?? []).filter((d) => d.kind === 'holiday').length;
  const workdays = (calendar.data?.days ?? []).filter((d) => d.kind === 'workday').length;

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.calendar.title')}</h1>
          <span className="gg-muted">{t('cases.calendar.subtitle')}</span>
        </div>
        <Space wrap>
          <Select value={year} onChange={setYear} aria-label={t('cases.calendar.year')} options={[2025, 2026, 2027, 2028].map((y) => ({ value: y, label: t('cases.calendar.yearLabel', { year: y }) }))} style={{ width: 110 }} />
          <Button onClick={() => setHoursOpen(true)}>{t('cases.calendar.workingHours')}</Button>
        </Space>
      </div>
      <ProblemAlert error={calendar.error} />
      <Panel
        title={t('cases.calendar.summary', { holidays, workdays })}
        extra={
          <span className="gg-legend">
            <span><i style={{ background: '#c0392b', borderRadius: 2 }} />{t('cases.calendar.holiday')}</span>
            <span><i style={{ background: '#1d39c4', borderRadius: 2 }} />{t('cases.calendar.workday')}</span>
            <span><i style={{ background: '#fafafa', border: '1px solid #d9d9d9', borderRadius: 2 }} />{t('cases.calendar.weekend')}</span>
            <span className="gg-muted">{t('cases.calendar.hours', { hours: (calendar.data?.workingHours.periods ?? []).map((p) => `${p.start}–${p.end}`).join('，') })}</span>
          </span>
        }
        data-testid="calendar-year"
      >
        <div className="gg-year">
          {Array.from({ length: 12 }, (_, m) => (
            <Month key={m} year={year} month={m} byDate={byDate} onPick={(date) => setEditing({ date, day: byDate.get(date) })} />
          ))}
        </div>
      </Panel>
      <DayDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          calendar.reload();
        }}
      />
      {calendar.data && (
        <HoursDialog
          open={hoursOpen}
          periods={calendar.data.workingHours.periods}
          onClose={() => setHoursOpen(false)}
          onSaved={() => {
            setHoursOpen(false);
            calendar.reload();
          }}
        />
      )}
    </div>
  );
}

function Month({ year, month, byDate, onPick }: { year: number; month: number; byDate: Map<string, CalendarDay>; onPick(date: string): void }) {
  const { t } = useTranslation();
  const first = new Date(year, month, 1);
  const offset = (first.getDay() + 6) % 7; // weeks start on Monday
  const days = new Date(year, month + 1, 0).getDate();
  const dows = t('cases.calendar.dows').split(',');
  return (
    <div className="gg-month">
      <h3>{t('cases.calendar.month', { month: month + 1 })}</h3>
      <div className="gg-month-grid">
        {dows.map((d) => (
          <span key={d} className="dow">
            {d}
          </span>
        ))}
        {Array.from({ length: offset }, (_, i) => (
          <span key={`x${i}`} />
        ))}
        {Array.from({ length: days }, (_, i) => {
          const date = `${year}-${pad(month + 1)}-${pad(i + 1)}`;
          const special = byDate.get(date);
          const dow = new Date(year, month, i + 1).getDay();
          const cls = ['gg-day', dow === 0 || dow === 6 ? 'is-weekend' : '', special ? `is-${special.kind}` : '', special?.isProvisional ? 'is-provisional' : ''].join(' ');
          return (
            <button key={date} type="button" className={cls} title={special ? `${special.name}${special.kind === 'workday' ? `（${t('cases.calendar.workday')}）` : ''}` : undefined} onClick={() => onPick(date)} aria-label={`${date}${special ? ` ${special.name}` : ''}`}>
              {i + 1}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function DayDialog({ editing, onClose, onSaved }: { editing: { date: string; day?: CalendarDay } | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: 'holiday' | 'workday'; name: string; note?: string; isProvisional?: boolean }>();
  const [messageApi, holder] = message.useMessage();
  const { run, error, isBusy: busy } = useSubmit(async (fn: () => Promise<unknown>) => {
    await fn();
    void messageApi.success(t('cases.categories.saved'));
    onSaved();
  });
  const weekday = editing ? new Date(`${editing.date}T00:00:00`).getDay() : 1;
  const isWeekend = weekday === 0 || weekday === 6;
  return (
    <>
      {holder}
      <Modal
        open={Boolean(editing)}
        title={t('cases.calendar.editDay', { date: editing?.date })}
        onCancel={onClose}
        destroyOnHidden
        footer={[
          editing?.day ? (
            <Button key="d" danger icon={<DeleteOutlined />} loading={busy} onClick={() => void run(() => api(`/api/calendar/days/${editing.date}`, { method: 'DELETE' }))}>
              {t('cases.calendar.makeOrdinary')}
            </Button>
          ) : null,
          <Button key="c" onClick={onClose}>
            {t('cases.common.cancel')}
          </Button>,
          <Button key="s" type="primary" loading={busy} onClick={() => form.submit()}>
            {t('cases.common.save')}
          </Button>,
        ]}
      >
        {editing && (
          <Form
            form={form}
            layout="vertical"
            initialValues={editing.day ?? { kind: isWeekend ? 'workday' : 'holiday', name: '', isProvisional: false }}
            onFinish={(v) => void run(() => api(`/api/calendar/days/${editing.date}`, { method: 'PUT', body: { kind: v.kind, name: v.name.trim(), note: v.note?.trim() || null, isProvisional: Boolean(v.isProvisional) } }))}
          >
            <Form.Item name="kind" label={t('cases.calendar.kind')}>
              <Radio.Group
                options={[
                  { value: 'holiday', label: t('cases.calendar.holiday'), disabled: isWeekend },
                  { value: 'workday', label: t('cases.calendar.workday'), disabled: !isWeekend },
                ]}
              />
            </Form.Item>
            <Form.Item name="name" label={t('cases.calendar.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} placeholder={t('cases.calendar.namePlaceholder')} />
            </Form.Item>
            <Form.Item name="note" label={t('cases.form.note')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="isProvisional" valuePropName="checked">
              <Checkbox>{t('cases.calendar.provisional')}</Checkbox>
            </Form.Item>
          </Form>
        )}
        <ProblemAlert error={error} />
      </Modal>
    </>
  );
}

function HoursDialog({ open, periods, onClose, onSaved }: { open: boolean; periods: { start: string; end: string }[]; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(periods);
  const { run: save, error, isBusy: busy } = useSubmit(async () => {
    await api('/api/calendar/working-hours', { method: 'PUT', body: { periods: rows } });
    onSaved();
  });
  return (
    <Modal open={open} title={t('cases.calendar.workingHours')} onCancel={onClose} onOk={() => void save()} confirmLoading={busy} okText={t('cases.common.save')} cancelText={t('cases.common.cancel')} afterOpenChange={(o) => o && setRows(periods)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {rows.map((p, i) => (
          <Space key={i}>
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              allowClear={false}
              value={[dayjs(`2000-01-01T${p.start}`), dayjs(`2000-01-01T${p.end}`)]}
              onChange={(v) => v?.[0] && v[1] && setRows(rows.map((r, j) => (j === i ? { start: v[0]!.format('HH:mm'), end: v[1]!.format('HH:mm') } : r)))}
              aria-label={t('cases.calendar.period', { n: i + 1 })}
            />
            <Button icon={<DeleteOutlined />} disabled={rows.length <= 1} onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={t('cases.calendar.removePeriod')} />
          </Space>
        ))}
        {rows.length < 4 && (
          <Button icon={<PlusOutlined />} onClick={() => setRows([...rows, { start: '18:00', end: '19:00' }])}>
            {t('cases.calendar.addPeriod')}
          </Button>
        )}
      </Space>
      <ProblemAlert error={error} />
    </Modal>
  );
}
