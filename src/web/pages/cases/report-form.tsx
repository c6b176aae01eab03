import { Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Radio, Result, Segmented, Select, Space, Spin, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, buildUrl, type PublicConfig } from '../../api.js';
import { useAuth } from '../../auth.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CaseMap, CategoryCascader, PhotoUploader, useCategories, type UploadedPhoto } from './case-bits.js';
import { rawPost } from './http.js';
import { caseTypes, newIdempotencyKey, type CaseDetail, type CaseType } from './types.js';

/** public: no account (phone required, /api/public/cases); resident: signed in; staff: a steward, grid worker or hotline operator. */
export type ReportMode = 'public' | 'resident' | 'staff';

interface Values {
  categoryId?: string;
  description?: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  photos?: UploadedPhoto[];
  channel?: 'staff' | 'hotline' | 'patrol' | 'steward';
  type?: CaseType;
  gridId?: string;
  priority?: 'normal' | 'urgent';
  isSkippedLevel?: boolean;
  isCriminalRisk?: boolean;
}

interface Submitted {
  number: string;
  id?: string;
  last4?: string | null;
}

interface Duplicates {
  radiusM: number;
  items: { id?: string; number: string; state: string; createdAt: string; distanceM: number }[];
}

export function ReportForm({ mode, role }: { mode: ReportMode; role?: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const config = useApi<PublicConfig>('/api/config');
  // A QR code posted in a stairwell can carry its place: /report?lng=…&lat=… drops the pin there.
  const [params] = useSearchParams();
  const [point, setPoint] = useState<{ lng: number; lat: number } | null>(() => {
    const lng = Number(params.get('lng'));
    const lat = Number(params.get('lat'));
    return params.get('lng') && params.get('lat') && Number.isFinite(lng) && Number.isFinite(lat) ? { lng, lat } : null;
  });
  const [locating, setLocating] = useState(false);
  const [gridName, setGridName] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<Duplicates | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [where, setWhere] = useState<'map' | 'address'>('map');
  const categoryId = Form.useWatch('categoryId', form);
  const isStaff = mode === 'staff';
  const isOperator = role === 'operator';

  // Where the town is, to frame the map: the first grid root's bbox (signed in) or the demo county.
  const roots = useApi<{ items: { bbox: number[] | null }[] }>(mode === 'public' ? null : '/api/grids/roots');
  const scopeId = me?.scopes[0]?.id;
  const context = useApi<GeoJSON.FeatureCollection>(mode !== 'public' && scopeId ? '/api/grids/features' : null, { parent: scopeId });
  const bbox = context.data?.features.length ? null : (roots.data?.items[0]?.bbox ?? [130.43, 44.87, 130.6, 44.96]);

  // The located grid's name helps staff and residents with an account; anonymous visitors just see the pin.
  useEffect(() => {
    setGridName(null);
    if (!point || mode === 'public') return;
    const controller = new AbortController();
    api<{ grid: { name: string }; ancestors: { name: string; level: string }[] }>(buildUrl('/api/grids/locate', point), { signal: controller.signal })
      .then((r) => setGridName([...r.ancestors.filter((a) => a.level !== 'city' && a.level !== 'subdistrict').map((a) => a.name), r.grid.name].join(' / ')))
      .catch(() => setGridName(null));
    return () => controller.abort();
  }, [point, mode]);

  // Suggest duplicates (same category nearby, last 14 days) before submitting.
  useEffect(() => {
    setDuplicates(null);
    if (!point || !categoryId) return;
    const controller = new AbortController();
    api<Duplicates>(buildUrl('/api/cases/duplicates', { categoryId, ...point }), { signal: controller.signal })
      .then(setDuplicates)
      .catch(() => undefined);
    return () => controller.abort();
  }, [point, categoryId]);

  const useMyLocation = () => {
    if (!navigator.geolocation) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setPoint({ lng: p.coords.longitude, lat: p.coords.latitude });
      },
      () => setLocating(false),
      { timeout: 8000 },
    );
  };

  const submit = async (values: Values) => {
    setError(null);
    if (!point && !values.address?.trim() && !values.gridId) {
      setError(new ApiError(400, { title: t('cases.report.needPlace') }));
      return;
    }
    setSubmitting(true);
    const body = {
      categoryId: values.categoryId,
      description: values.description?.trim(),
      ...(point ?? {}),
      address: values.address?.trim() || undefined,
      reporterName: values.reporterName?.trim() || undefined,
      reporterPhone: values.reporterPhone?.trim() || undefined,
      photoIds: (values.photos ?? []).map((p) => p.id),
      ...(isStaff
        ? { channel: values.channel, type: values.type, gridId: point ? undefined : values.gridId, priority: values.priority, isSkippedLevel: values.isSkippedLevel || undefined, isCriminalRisk: values.isCriminalRisk || undefined }
        : {}),
    };
    try {
      const headers = { 'Idempotency-Key': idempotencyKey };
      if (mode === 'public') {
        const r = await rawPost<{ number: string; trackWith: { last4: string | null } }>('/api/public/cases', body, { headers });
        setSubmitted({ number: r.number, last4: r.trackWith.last4 });
      } else {
        const r = await rawPost<CaseDetail>('/api/cases', body, { headers, csrfToken: me?.csrfToken });
        setSubmitted({ number: r.number, id: r.id, last4: values.reporterPhone?.trim().slice(-4) ?? null });
      }
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const again = () => {
    form.resetFields();
    setPoint(null);
    setSubmitted(null);
    setIdempotencyKey(newIdempotencyKey());
  };

  const mapLabel = t('cases.report.mapLabel');
  const initialValues = useMemo<Values>(() => ({ photos: [], channel: isOperator ? 'hotline' : role === 'steward' ? 'steward' : 'staff', priority: 'normal' }), [isOperator, role]);

  if (submitted) {
    return (
      <Result
        status="success"
        title={t('cases.report.doneTitle')}
        data-testid="report-done"
        subTitle={
          <div>
            <div>{t('cases.report.doneNumber')}</div>
            <div className="gg-case-number" data-testid="report-number">
              {submitted.number}
            </div>
            <div style={{ marginTop: 8 }}>{submitted.last4 ? t('cases.report.doneTrack', { last4: submitted.last4 }) : t('cases.report.doneTrackSignedIn')}</div>
          </div>
        }
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            {submitted.id && mode === 'staff' ? (
              <Link to={`/cases/${submitted.id}`}>
                <Button type="primary">{t('cases.report.openCase')}</Button>
              </Link>
            ) : (
              <Link to={buildUrl('/track', { number: submitted.number, last4: submitted.last4 ?? undefined })}>
                <Button type="primary">{t('cases.report.trackIt')}</Button>
              </Link>
            )}
            <Button onClick={again}>{t('cases.report.another')}</Button>
          </Space>
        }
      />
    );
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues} requiredMark scrollToFirstError data-testid="report-form">
      {isStaff && (
        <Form.Item name="channel" label={t('cases.report.channel')} rules={[{ required: true }]}>
          <Select options={(['staff', 'steward', 'patrol', 'hotline'] as const).map((c) => ({ value: c, label: t(`cases.channel.${c}`) }))} />
        </Form.Item>
      )}
      <Form.Item name="categoryId" label={t('cases.report.category')} rules={[{ required: true, message: t('cases.report.categoryRequired') }]}>
        {categories.isLoading ? <Spin size="small" /> : <CategoryCascader categories={categories.data?.items} placeholder={t('cases.report.categoryPlaceholder')} />}
      </Form.Item>
      {isStaff && (
        <Space wrap size={[12, 0]} style={{ width: '100%' }}>
          <Form.Item name="type" label={t('cases.field.type')}>
            <Select allowClear placeholder={t('cases.report.typeDefault')} options={caseTypes.map((v) => ({ value: v, label: t(`cases.type.${v}`) }))} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="priority" label={t('cases.field.priority')}>
            <Radio.Group options={(['normal', 'urgent'] as const).map((p) => ({ value: p, label: t(`cases.priority.${p}`) }))} />
          </Form.Item>
          <Form.Item name="isSkippedLevel" valuePropName="checked" label=" ">
            <Checkbox>{t('cases.flags.isSkippedLevel')}</Checkbox>
          </Form.Item>
          <Form.Item name="isCriminalRisk" valuePropName="checked" label=" ">
            <Checkbox>{t('cases.flags.isCriminalRisk')}</Checkbox>
          </Form.Item>
        </Space>
      )}
      <Form.Item name="description" label={t('cases.report.description')} rules={[{ required: true, min: 2, message: t('cases.report.descriptionRequired') }]}>
        <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('cases.report.descriptionPlaceholder')} data-testid="report-description" />
      </Form.Item>

      <Form.Item label={t('cases.report.place')} required>
        <Segmented
          value={where}
          onChange={(v) => setWhere(v as 'map' | 'address')}
          options={[
            { value: 'map', label: t('cases.report.placeMap') },
            { value: 'address', label: t('cases.report.placeAddress') },
          ]}
          style={{ marginBottom: 8 }}
        />
        {where === 'map' ? (
          <>
            <div className="gg-report-map">
              <Suspense fallback={<Spin />}>
                <CaseMap point={point} features={context.data} bbox={bbox} tileUrl={config.data?.mapTileUrl ?? null} label={mapLabel} onPick={(lng, lat) => setPoint({ lng, lat })} testId="report-map" />
              </Suspense>
            </div>
            <div className="gg-report-map-hint" data-testid="report-pin">
              {point ? (
                <>
                  <EnvironmentOutlined /> {gridName ? t('cases.report.pinIn', { grid: gridName }) : t('cases.report.pinAt', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) })}{' '}
                  <Typography.Link onClick={() => setPoint(null)}>{t('cases.report.clearPin')}</Typography.Link>
                </>
              ) : (
                <>
                  {t('cases.report.mapHint')}{' '}
                  <Typography.Link onClick={useMyLocation}>{locating ? t('cases.report.locating') : t('cases.report.useMyLocation')}</Typography.Link>
                </>
              )}
            </div>
          </>
        ) : null}
      </Form.Item>
      <Form.Item name="address" label={t('cases.report.address')} hidden={where === 'map' && !isStaff}>
        <Input maxLength={200} placeholder={t('cases.report.addressPlaceholder')} />
      </Form.Item>
      {isStaff && !point && (
        <Form.Item name="gridId" label={t('cases.report.grid')} extra={t('cases.report.gridHint')}>
          <GridTreeSelect onChange={(gridId) => form.setFieldValue('gridId', gridId)} value={Form.useWatch('gridId', form)} allowClear placeholder={t('cases.report.grid')} />
        </Form.Item>
      )}

      {duplicates && duplicates.items.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="duplicate-hint"
          style={{ marginBottom: 16 }}
          title={t('cases.report.duplicatesTitle', { count: duplicates.items.length, radius: duplicates.radiusM })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {duplicates.items.slice(0, 5).map((d) => (
                <li key={d.number}>
                  {d.id && isStaff ? <Link to={`/cases/${d.id}`}>{d.number}</Link> : d.number} · {t(`cases.state.${d.state}`)} · {t('cases.report.metresAway', { m: d.distanceM })}
                </li>
              ))}
            </ul>
          }
        />
      )}

      <Form.Item name="photos" label={t('cases.report.photos')} extra={t('cases.report.photosHint')}>
        <PhotoUploader />
      </Form.Item>

      {(mode !== 'resident' || isOperator) && (
        <Space wrap size={[12, 0]} style={{ width: '100%' }} className="gg-filters">
          <Form.Item name="reporterName" label={isOperator ? t('cases.report.callerName') : isStaff ? t('cases.report.reporterName') : t('cases.report.name')}>
            <Input maxLength={50} autoComplete="name" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item
            name="reporterPhone"
            label={isOperator ? t('cases.report.callerPhone') : isStaff ? t('cases.report.reporterPhone') : t('cases.report.phone')}
            extra={mode === 'public' ? t('cases.report.phoneHint') : undefined}
            rules={[{ required: mode === 'public' || isOperator, message: t('cases.report.phoneRequired') }, { pattern: /^[0-9+\- ]{7,20}$/, message: t('cases.report.phoneInvalid') }]}
          >
            <Input inputMode="tel" autoComplete="tel" maxLength={20} style={{ width: 220 }} data-testid="report-phone" />
          </Form.Item>
        </Space>
      )}

      <ProblemAlert error={error} testId="report-error" />
      <Form.Item className="gg-submit-bar" style={{ marginTop: 16, marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block loading={isSubmitting} data-testid="report-submit">
          {t('cases.report.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
