import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../auth.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { LanguageSwitch } from '../../shell/language-switch.js';
import { ProductMark } from '../../shell/product-mark.js';
import { Panel } from '../../components/panel.js';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from} replace />;

  const onFinish = async (values: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="gg-login">
      <section className="gg-login-hero">
        <div className="gg-brand">
          <ProductMark size={40} />
          <span className="gg-brand-name">{t('app.name')}</span>
        </div>
        <div className="gg-login-intro">
          <h1>{t('login.headline')}</h1>
          <p>{t('login.intro')}</p>
          <ul>
            <li>{t('login.point1')}</li>
            <li>{t('login.point2')}</li>
            <li>{t('login.point3')}</li>
          </ul>
        </div>
        <div className="gg-login-hero-foot">{t('login.footer')}</div>
      </section>
      <div className="gg-login-lang">
        <LanguageSwitch />
      </div>
      <main className="gg-login-main">
        <Panel className="gg-login-card">
          <h2>{t('login.title')}</h2>
          <p className="gg-muted" style={{ marginBottom: 24 }}>
            {t('login.subtitle')}
          </p>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ProblemAlert error={error} testId="login-error" />
            </div>
          ) : null}
          <Form<Credentials> layout="vertical" requiredMark={false} onFinish={onFinish} size="large" name="login">
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={isSubmitting} data-testid="login-submit" style={{ marginTop: 8 }}>
              {t('login.submit')}
            </Button>
          </Form>
          <p style={{ marginTop: 16, textAlign: 'center' }}><Link to="/portal/sign-in" data-testid="login-portal-link">{t('portal.signIn.link')}</Link></p>
        </Panel>
      </main>
    </div>
  );
}
