import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { errorMessage } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';

interface Values {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from === '/login' ? '/' : from} replace />;

  const submit = async (values: Values) => {
    setBusy(true);
    setProblem(null);
    try {
      await login(values.username.trim(), values.password);
      navigate(from === '/login' ? '/' : from, { replace: true });
    } catch (e) {
      // The server's detail says why in the user's language (wrong password, locked until …, disabled).
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gs-login">
      <div className="gs-login-top">
        <LanguageSwitch light />
      </div>
      <div className="gs-login-center">
        <div className="gs-login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <div className="gs-login-title">{t('app.name')}</div>
            <div className="gs-login-subtitle">{t('app.tagline')}</div>
          </div>
        </div>
        <Card className="gs-login-card" title={t('login.title')} variant="borderless">
          {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Form<Values> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} size="large">
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" placeholder={t('login.username')} data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                placeholder={t('login.password')}
                data-testid="login-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" className="gs-login-note">
            {t('login.note')}
          </Typography.Paragraph>
        </Card>
      </div>
      <div className="gs-login-footer">{t('app.footer')}</div>
    </div>
  );
}
