import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLang, setLang, type Lang } from '../i18n';

export function LanguageSwitch({ light }: { light?: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const items = (['zh-CN', 'en'] as Lang[]).map((l) => ({
    key: l,
    label: <span data-testid={`lang-${l}`}>{l === 'en' ? t('lang.en') : t('lang.zh')}</span>,
  }));
  return (
    <Dropdown menu={{ items, selectable: true, selectedKeys: [lang], onClick: ({ key }) => setLang(key as Lang) }} trigger={['click']}>
      <Button
        type="text"
        icon={<GlobalOutlined />}
        data-testid="language-switch"
        aria-label={t('lang.switch')}
        className={light ? 'gs-header-button' : undefined}
      >
        {t('lang.current')}
      </Button>
    </Dropdown>
  );
}
