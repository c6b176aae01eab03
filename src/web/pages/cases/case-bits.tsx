import { lazy, useEffect, useRef, useState } from 'react';
import { Cascader, Image, Tag, Upload, message } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.js';
import { useAuth } from '../../auth.js';
import { rawPost } from './http.js';
import { useApi } from '../../use-api.js';
import { stateColors, type CaseState, type Category } from './types.js';
import './cases.css';

export const CaseMap = lazy(() => import('./case-map.js'));

export function StateTag({ state }: { state: CaseState | string }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColors[state as CaseState] ?? 'default'} data-testid="case-state" className="gg-state-tag">
      {t(`cases.state.${state}`)}
    </Tag>
  );
}

function remaining(dueAt: string, now: number): { ms: number; days: number; hours: number; minutes: number } {
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  return { ms, days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000), minutes: Math.floor((abs % 3_600_000) / 60_000) };
}

/** "剩余 1天3小时" or, past the deadline, "超时 2小时" in red; ticks every half minute. */
export function DueText({ dueAt, isOverdue }: { dueAt: string | null; isOverdue?: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!dueAt) return <span className="gg-muted">—</span>;
  const r = remaining(dueAt, now);
  const late = isOverdue || r.ms < 0;
  return (
    <span className={late ? 'gg-overdue' : r.ms < 4 * 3_600_000 ? 'gg-due-soon' : ''} data-testid="case-due">
      {dueText(t, dueAt, isOverdue, now)}
    </span>
  );
}

/** DueText's words without the component (an export's cell). */
export function dueText(t: (key: string, options?: Record<string, unknown>) => string, dueAt: string | null, isOverdue?: boolean, now = Date.now()): string {
  if (!dueAt) return '—';
  const r = remaining(dueAt, now);
  const span = r.days > 0 ? t('cases.due.daysHours', { days: r.days, hours: r.hours }) : t('cases.due.hoursMinutes', { hours: r.hours, minutes: r.minutes });
  return isOverdue || r.ms < 0 ? t('cases.due.overdue', { span }) : t('cases.due.left', { span });
}

export function useCategories() {
  return useApi<{ items: Category[] }>('/api/cases/categories');
}

/** Two-level category picker (大类 / 小类); the value is the leaf id. */
export function CategoryCascader({ value, onChange, id, placeholder, categories }: { value?: string; onChange?(value: string | undefined): void; id?: string; placeholder?: string; categories?: Category[] }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const options = (categories ?? [])
    .filter((g) => g.isActive)
    .map((g) => ({ value: g.id, label: en ? g.nameEn : g.name, children: (g.children ?? []).filter((c) => c.isActive).map((c) => ({ value: c.id, label: en ? c.nameEn : c.name })) }));
  const group = (categories ?? []).find((g) => g.children?.some((c) => c.id === value));
  return (
    <Cascader
      id={id}
      options={options}
      value={group && value ? [group.id, value] : undefined}
      onChange={(path) => onChange?.(path ? (path[path.length - 1] as string) : undefined)}
      placeholder={placeholder}
      showSearch={{ filter: (input, path) => path.some((o) => String(o.label).toLowerCase().includes(input.toLowerCase())) }}
      style={{ width: '100%' }}
      data-testid="category-cascader"
      popupClassName="gg-category-popup"
    />
  );
}

export interface UploadedPhoto {
  id: string;
  /** A local preview (object URL): an anonymous reporter cannot read the stored photo back. */
  preview: string;
}

/** Up to 9 photos uploaded one by one to /api/cases/photos, shown as thumbnails. */
export function PhotoUploader({ value = [], onChange, id }: { value?: UploadedPhoto[]; onChange?(photos: UploadedPhoto[]): void; id?: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [busy, setBusy] = useState(0);
  const [messageApi, holder] = message.useMessage();
  const latest = useRef(value);
  latest.current = value;
  const upload = async (file: File) => {
    setBusy((n) => n + 1);
    try {
      const form = new FormData();
      form.append('photo', file);
      const payload = await rawPost<{ items: { id: string }[] }>('/api/cases/photos', form, { csrfToken: me?.csrfToken });
      const photo = { id: payload.items[0].id, preview: URL.createObjectURL(file) };
      onChange?.([...latest.current, photo].slice(0, 9));
    } catch (error) {
      void messageApi.error((error as ApiError).problem?.title ?? t('cases.report.photoFailed'));
    } finally {
      setBusy((n) => n - 1);
    }
  };
  return (
    <div className="gg-photos" data-testid="photo-uploader">
      {holder}
      {value.map((p, i) => (
        <div className="gg-photo" key={p.id}>
          <Image src={p.preview} width={84} height={84} alt={t('cases.report.photoAlt', { n: i + 1 })} style={{ objectFit: 'cover' }} />
          <button type="button" className="gg-photo-remove" aria-label={t('cases.report.removePhoto', { n: i + 1 })} onClick={() => onChange?.(value.filter((x) => x.id !== p.id))}>
            ×
          </button>
        </div>
      ))}
      {value.length + busy < 9 && (
        <Upload
          accept="image/*"
          multiple
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <button type="button" className="gg-photo-add" id={id} aria-label={t('cases.report.addPhoto')} data-testid="photo-add">
            <PlusOutlined />
            <span>{busy ? t('cases.report.uploading') : t('cases.report.addPhoto')}</span>
          </button>
        </Upload>
      )}
    </div>
  );
}
