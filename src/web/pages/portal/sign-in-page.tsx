import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api, setCsrfToken, type LoginResult } from '../../api.js';
import { useAuth } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { ProductMark } from '../../shell/product-mark.js';
import './portal.css';

interface Sent { sentTo: string; expiresAt: string; resendAfterSeconds: number }

/**
 * 居民登录 (/portal/sign-in): a phone number and a texted code, nothing to remember. After the
 * code the page reloads into the portal, so the whole app starts from the new session.
 */
export default function PortalSignInPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [sent, setSent] = useState<Sent | null>(null);
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [isSending, setSending] = useState(false);
  const [isVerifying, setVerifying] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  if (me) return <Navigate to="/portal" replace />;

  const sendCode = async () => {
    setError(null);
    let phone: string;
    try {
      phone = (await form.validateFields(['phone'])).phone;
    } catch {
      return;
    }
    setSending(true);
    try {
      const result = await api<Sent>('/api/auth/otp/request', { method: 'POST', body: { phone: phone.trim() } });
      setSent(result);
      setWait(result.resendAfterSeconds);
    } catch (e) {
      setError(e);
    } finally {
      setSending(false);
    }
  };

  const verify = async (values: { phone: string; code: string }) => {
    setError(null);
    setVerifying(true);
    try {
      const result = await api<LoginResult>('/api/auth/otp/verify', { method: 'POST', body: { phone: values.phone.trim(), code: values.code.trim() } });
      setCsrfToken(result.csrfToken);
      window.location.assign('/portal');
    } catch (e) {
      setError(e);
      setVerifying(false);
    }
  };

  return (
    <div className="gg-portal-signin">
      <div className="gg-portal-signin-card">
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <LanguageSwitch />
        </div>
        <div className="gg-portal-signin-brand">
          <span style={{ background: '#b3261e', borderRadius: 8, display: 'inline-flex' }}>
            <ProductMark size={36} />
          </span>
          <span>{t('app.name')}</span>
        </div>
        <main>
          <Panel>
            <h1 className="gg-page-title">{t('portal.signIn.title')}</h1>
            <p className="gg-portal-intro" style={{ marginTop: 4 }}>{t('portal.signIn.intro')}</p>
            <Form form={form} layout="vertical" requiredMark={false} onFinish={verify} size="large" name="portal-sign-in">
              <Form.Item
                label={t('portal.signIn.phone')}
                name="phone"
                rules={[{ required: true, message: t('portal.signIn.phoneRequired') }, { pattern: /^\s*(\+?86)?\s*1[3-9]\d([\s-]?\d){8}\s*$/, message: t('portal.signIn.phoneFormat') }]}
              >
                <Input type="tel" inputMode="numeric" autoComplete="tel" maxLength={20} data-testid="otp-phone" />
              </Form.Item>
              <Button block onClick={sendCode} loading={isSending} disabled={wait > 0} data-testid="otp-send">
                {wait > 0 ? t('portal.signIn.resendIn', { seconds: wait }) : sent ? t('portal.signIn.resend') : t('portal.signIn.send')}
              </Button>
              <div aria-live="polite" style={{ margin: '12px 0' }}>
                {sent && <Alert type="success" showIcon title={t('portal.signIn.sent', { phone: sent.sentTo })} data-testid="otp-sent" />}
              </div>
              <Form.Item label={t('portal.signIn.code')} name="code" rules={[{ required: true, message: t('portal.signIn.codeRequired') }, { pattern: /^\d{6}$/, message: t('portal.signIn.codeFormat') }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} data-testid="otp-code" />
              </Form.Item>
              {error ? (
                <div style={{ marginBottom: 16 }}>
                  <ProblemAlert error={error} testId="otp-error" />
                </div>
              ) : null}
              <Button type="primary" htmlType="submit" block loading={isVerifying} data-testid="otp-submit">
                {t('portal.signIn.submit')}
              </Button>
            </Form>
            <p className="gg-portal-meta" style={{ marginTop: 16 }}>{t('portal.signIn.privacy')}</p>
          </Panel>
          <nav className="gg-portal-signin-links" aria-label={t('portal.signIn.other')}>
            <Link to="/report">{t('portal.signIn.reportWithout')}</Link>
            <Link to="/track">{t('portal.signIn.track')}</Link>
            <Link to="/login">{t('portal.signIn.staff')}</Link>
          </nav>
        </main>
      </div>
    </div>
  );
}
