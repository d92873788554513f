import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { hasAnyRole, useMe } from '../auth';
import { ROUTES } from '../routes';
import { RoleTags } from '../components/labels';

export default function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const links = ROUTES.filter((r) => r.path !== '/' && !r.hidden && hasAnyRole(me, r.access));

  return (
    <div className="gs-page">
      <Card className="gs-welcome" variant="borderless">
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('home.unit')}>{me.unitName ?? t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            <RoleTags roles={me.roles} />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Typography.Title level={5} className="gs-section-title">
        {t('home.quickLinks')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {links.map((r) => (
          <Col key={r.path} xs={24} sm={12} lg={8} xl={6}>
            <Link to={r.path}>
              <Card hoverable className="gs-quick-card" size="small">
                <div className="gs-quick-icon">{r.icon}</div>
                <div>
                  <div className="gs-quick-title">{t(r.title)}</div>
                  <Typography.Text type="secondary" className="gs-quick-desc">
                    {r.description ? t(r.description) : ''}
                  </Typography.Text>
                </div>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
