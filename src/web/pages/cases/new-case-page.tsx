import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { ReportForm } from './report-form.js';

/** 事件登记 (/cases/new): stewards, grid workers and secretaries record what they found; hotline operators take calls. */
export default function NewCasePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{me.role === 'operator' ? t('cases.new.hotlineTitle') : t('cases.new.title')}</h1>
          <span className="gg-muted">{t('cases.new.subtitle')}</span>
        </div>
      </div>
      <Panel>
        <div style={{ maxWidth: 760 }}>
          <ReportForm mode="staff" role={me.role} />
        </div>
      </Panel>
    </div>
  );
}
