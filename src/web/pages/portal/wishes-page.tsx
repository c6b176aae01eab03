import { Button, Empty, Form, Input, InputNumber, Select, Spin, Tag, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { PortalFrame } from './portal-bits.js';
import type { Wish } from './types.js';

const progress = ['pending', 'open', 'claimed', 'delivered', 'fulfilled'];

/** 我的微心愿 (/portal/wishes): post a wish for myself, follow it, confirm it came and say thanks. */
export default function PortalWishesPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const list = useApi<{ items: Wish[] }>('/api/wishes', { mine: true, limit: 50 });
  const [error, setError] = useState<unknown>();
  const [isPosting, setPosting] = useState(false);
  const [thanks, setThanks] = useState<Record<string, string>>({});

  const post = async (values: Record<string, unknown>) => {
    setError(undefined);
    setPosting(true);
    try {
      await api('/api/wishes', { method: 'POST', body: values });
      form.resetFields();
      message.success(t('portal.wishes.posted'));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setPosting(false);
    }
  };
  const act = async (w: Wish, action: 'confirm' | 'withdraw') => {
    setError(undefined);
    try {
      await api(`/api/wishes/${w.id}/${action}`, { method: 'POST', body: action === 'confirm' ? { thanks: (thanks[w.id] ?? '').trim() || t('portal.wishes.defaultThanks') } : {} });
      message.success(t(action === 'confirm' ? 'portal.wishes.confirmed' : 'portal.wishes.withdrawn'));
    } catch (e) {
      setError(e);
    }
    list.reload();
  };

  return (
    <PortalFrame testId="portal-wishes" title={t('portal.wishes.title')} intro={t('portal.wishes.intro')}>
      <Panel title={<h2 className="gg-h2">{t('portal.wishes.post')}</h2>}>
        <Form form={form} layout="vertical" onFinish={post} initialValues={{ kind: 'material', estimatedValue: 100 }} name="portal-wish">
          <Form.Item name="title" label={t('portal.wishes.field.title')} rules={[{ required: true, min: 2, message: t('portal.wishes.titleRequired') }]}>
            <Input maxLength={100} placeholder={t('portal.wishes.titlePlaceholder')} data-testid="wish-title" />
          </Form.Item>
          <Form.Item name="description" label={t('portal.wishes.field.description')} rules={[{ required: true, message: t('portal.wishes.descriptionRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="wish-description" />
          </Form.Item>
          <Form.Item name="kind" label={t('portal.wishes.field.kind')}>
            <Select aria-label={t('portal.wishes.field.kind')} options={['material', 'service', 'companionship'].map((k) => ({ value: k, label: t(`wishes.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="estimatedValue" label={t('portal.wishes.field.estimatedValue')}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} data-testid="wish-value" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isPosting} data-testid="wish-submit">{t('portal.wishes.submit')}</Button>
        </Form>
      </Panel>
      <ProblemAlert error={error ?? list.error} />
      <h2 className="gg-h2" style={{ margin: '16px 0 8px' }}>{t('portal.wishes.mine')}</h2>
      {list.isLoading && !list.data ? <Spin /> : (list.data?.items ?? []).length === 0 ? <Empty description={t('portal.wishes.empty')} /> : (
        list.data!.items.map((w) => (
          <article key={w.id} className="gg-portal-card" data-testid="portal-wish">
            <div className="gg-portal-card-head">
              <h3>{w.title}</h3>
              <Tag color={w.status === 'fulfilled' || w.status === 'withdrawn' ? undefined : 'blue'} className={w.status === 'fulfilled' ? 'gg-portal-tag-done' : undefined} data-testid="portal-wish-status">{t(`wishes.status.${w.status}`)}</Tag>
            </div>
            <div className="gg-portal-meta">{t(`wishes.kind.${w.kind}`)} · {t('portal.wishes.value', { value: w.actualValue ?? w.estimatedValue })}</div>
            {w.status !== 'withdrawn' && (
              <ol className="gg-portal-steps" aria-label={t('portal.wishes.progress')}>
                {progress.map((step, i) => {
                  const at = progress.indexOf(w.status);
                  return (
                    <li key={step} className={i < at ? 'is-done' : i === at ? 'is-current' : undefined} aria-current={i === at ? 'step' : undefined}>
                      <span aria-hidden>{i < at ? '✓' : i + 1}</span>
                      {t(`portal.wishes.step.${step}`)}
                    </li>
                  );
                })}
              </ol>
            )}
            {w.verification === 'rejected' && <p>{t('portal.wishes.rejected', { reason: w.verificationReason ?? '' })}</p>}
            {w.claim && <p style={{ margin: '6px 0 0' }}>{t('portal.wishes.claimedBy', { name: w.claim.claimantName })}</p>}
            {w.thanks && <p style={{ margin: '6px 0 0' }}>{t('portal.wishes.yourThanks', { thanks: w.thanks })}</p>}
            {w.actions.includes('confirm') && (
              <div style={{ marginTop: 10 }}>
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  aria-label={t('portal.wishes.thanksLabel')}
                  placeholder={t('portal.wishes.defaultThanks')}
                  value={thanks[w.id] ?? ''}
                  onChange={(e) => setThanks({ ...thanks, [w.id]: e.target.value })}
                  data-testid="wish-thanks"
                />
              </div>
            )}
            <div className="gg-portal-actions">
              {w.actions.includes('confirm') && <Button type="primary" onClick={() => act(w, 'confirm')} data-testid="wish-confirm">{t('portal.wishes.confirm')}</Button>}
              {w.actions.includes('withdraw') && <Button onClick={() => act(w, 'withdraw')}>{t('portal.wishes.withdraw')}</Button>}
            </div>
          </article>
        ))
      )}
    </PortalFrame>
  );
}
