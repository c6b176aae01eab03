import { Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import type { Certificate } from './types.js';
import './volunteers.css';

/**
 * 志愿服务证明 (/me/service/certificate?year=): a printable certificate of the verified hours, with
 * the activities behind them and a serial number derived from its content. `?person=` prints
 * another person's (staff of where they live).
 */
export default function CertificatePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const year = params.get('year');
  const person = params.get('person');
  const cert = useApi<Certificate>(person ? `/api/volunteers/people/${person}/certificate` : '/api/volunteers/me/certificate', { year: year ?? undefined });
  const c = cert.data;
  return (
    <div className="gg-page gg-certificate-page">
      <Space className="gg-no-print" wrap>
        <Link to="/me/service"><Button icon={<ArrowLeftOutlined />}>{t('volunteers.my.title')}</Button></Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!c}>{t('volunteers.certificate.print')}</Button>
      </Space>
      <ProblemAlert error={cert.error} />
      {!c ? (cert.isLoading ? <Spin /> : null) : (
        <article className="gg-certificate" data-testid="certificate">
          <header>
            <div className="gg-certificate-emblem" aria-hidden="true">★</div>
            <h1>{t('volunteers.certificate.title')}</h1>
            <div className="gg-certificate-serial">{t('volunteers.certificate.serial', { serial: c.serial })}</div>
          </header>
          <p className="gg-certificate-body">
            {t('volunteers.certificate.body', {
              name: c.person.name,
              community: c.community ?? '',
              period: c.year ? t('volunteers.certificate.inYear', { year: c.year }) : c.from ? t('volunteers.certificate.between', { from: c.from, to: c.to }) : t('volunteers.certificate.sofar'),
              activities: c.activities,
              hours: c.hours,
              points: c.points,
            })}
          </p>
          {c.items.length > 0 && (
            <table className="gg-certificate-table">
              <thead>
                <tr><th>{t('volunteers.my.date')}</th><th>{t('volunteers.my.activity')}</th><th>{t('volunteers.certificate.hours')}</th></tr>
              </thead>
              <tbody>
                {c.items.slice(-20).map((i) => <tr key={`${i.date}${i.title}`}><td>{i.date}</td><td>{i.title}</td><td>{i.hours}</td></tr>)}
              </tbody>
              {c.items.length > 20 && <tfoot><tr><td colSpan={3}>{t('volunteers.certificate.more', { count: c.items.length - 20 })}</td></tr></tfoot>}
            </table>
          )}
          <footer>
            <p>{t('volunteers.certificate.note')}</p>
            <div className="gg-certificate-sign">
              <div>{t('volunteers.certificate.issuer', { community: c.community ?? '' })}</div>
              <div>{t('volunteers.certificate.issuedOn', { date: c.issuedOn })}</div>
            </div>
          </footer>
        </article>
      )}
    </div>
  );
}
