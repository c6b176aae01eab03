import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from '../i18n/index.js';

export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size={size}
      aria-label={t('header.language')}
      value={i18n.language as Language}
      onChange={(value) => void changeLanguage(value)}
      options={languages.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
      data-testid="language-switch"
    />
  );
}
