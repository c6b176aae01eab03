import { Button, Empty, Spin, Tag, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { beijingTime, PortalFrame } from './portal-bits.js';
import type { ActivitySummary } from './types.js';

/** 志愿活动 (/portal/activities): volunteer activities open in my area, with places left; sign up or cancel. */
export default function PortalActivitiesPage() {
  const { t } = useTranslation();
  const list = useApi<Page<ActivitySummary>>('/api/volunteers/activities', { when: 'upcoming', state: 'published', limit: 50 });
  const [error, setError] = useState<unknown>();

  const act = async (a: ActivitySummary, isCancel: boolean) => {
    setError(undefined);
    try {
      const result = await api<{ state?: string; waitlistPosition?: number | null }>(`/api/volunteers/activities/${a.id}/${isCancel ? 'signup/cancel' : 'signup'}`, { method: 'POST' });
      message.success(isCancel ? t('portal.activities.cancelled') : result.waitlistPosition ? t('portal.activities.waitlisted', { position: result.waitlistPosition }) : t('portal.activities.signedUp'));
    } catch (e) {
      setError(e);
    }
    list.reload();
  };

  return (
    <PortalFrame testId="portal-activities" title={t('portal.activities.title')} intro={t('portal.activities.intro')}>
      <ProblemAlert error={error ?? list.error} />
      {list.isLoading && !list.data ? <Spin /> : (list.data?.items ?? []).length === 0 ? <Empty description={t('portal.activities.empty')} /> : (
        list.data!.items.map((a) => {
          const left = Math.max(0, a.capacity - a.confirmed);
          const isIn = a.mySignup && a.mySignup.state !== 'cancelled';
          return (
            <article key={a.id} className="gg-portal-card" data-testid="portal-activity">
              <div className="gg-portal-card-head">
                <h3>{a.title}</h3>
                {isIn ? <Tag className="gg-portal-tag-done">{t(`portal.activities.state.${a.mySignup!.state}`, { defaultValue: a.mySignup!.state })}</Tag> : <Tag>{t('portal.activities.left', { count: left })}</Tag>}
              </div>
              <div className="gg-portal-meta">{beijingTime(a.startsAt)}–{beijingTime(a.endsAt, false)} · {a.place}</div>
              <div className="gg-portal-meta">{a.grid.name}{a.team ? ` · ${a.team.name}` : a.organization ? ` · ${a.organization.name}` : ''}</div>
              <div className="gg-portal-actions">
                {isIn ? (
                  <Button onClick={() => act(a, true)}>{t('portal.activities.cancel')}</Button>
                ) : (
                  <Button type="primary" onClick={() => act(a, false)} data-testid="activity-signup">{left > 0 ? t('portal.activities.signUp') : t('portal.activities.joinWaitlist')}</Button>
                )}
              </div>
            </article>
          );
        })
      )}
    </PortalFrame>
  );
}
