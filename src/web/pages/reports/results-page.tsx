import { useState } from 'react';
import { Button, DatePicker, Skeleton, Space, message } from 'antd';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import './results.css';

interface ResultsFigure {
  id: string;
  group: string;
  kind: 'structure' | 'flow';
  label: string;
  value: number;
  unit: string;
  unitLabel: string;
  definition: string;
  article: string;
}

interface ResultsReport {
  grid: { id: string; code: string; name: string; level: string };
  period: { from: string; to: string; isFromEarliest: boolean };
  groups: { id: string; label: string }[];
  figures: ResultsFigure[];
}

const DAY = 'YYYY-MM-DD';

/**
 * The results report (成效): every figure of the article for a grid and a period, grouped as the
 * article groups them, with its wording beside each value. Prints on A4 without the app's chrome;
 * the Excel button downloads the same figures.
 */
export default function ResultsReportPage() {
  const { t, i18n } = useTranslation();
  const [grid, setGrid] = useState<string>();
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [isDownloading, setDownloading] = useState(false);
  const query = { grid, from: range?.[0].format(DAY), to: range?.[1].format(DAY) };
  const report = useApi<ResultsReport>(grid ? '/api/reports/results' : null, query);
  const data = report.data;
  const number = (n: number) => n.toLocaleString(i18n.language, { maximumFractionDigits: 2 });

  async function downloadExcel() {
    setDownloading(true);
    try {
      // fetch rather than a plain link, so the workbook follows the language chosen in the app.
      const response = await fetch(buildUrl('/api/reports/results.xlsx', query), { credentials: 'same-origin', headers: { 'Accept-Language': i18n.language } });
      if (!response.ok) throw new Error(String(response.status));
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      const href = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = href;
      link.download = name ? decodeURIComponent(name) : 'results-report.xlsx';
      link.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch {
      void message.error(t('resultsReport.downloadFailed'));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div className="gg-page gg-results">
      <div className="gg-page-head gg-results-controls">
        <div>
          <h1 className="gg-page-title">{t('resultsReport.title')}</h1>
          <span className="gg-muted">{t('resultsReport.subtitle')}</span>
        </div>
        <Space wrap>
          <GridTreeSelect
            value={grid}
            onChange={(value) => value && setGrid(value)}
            onRoots={(roots) => {
              if (!grid && roots[0]) setGrid(roots[0].id);
            }}
            allowClear={false}
            aria-label={t('resultsReport.grid')}
            style={{ width: 220 }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(values) => setRange(values && values[0] && values[1] ? [values[0], values[1]] : null)}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            placeholder={[t('resultsReport.wholePeriod'), t('resultsReport.wholePeriod')]}
            aria-label={t('resultsReport.period')}
            allowClear
          />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!data} data-testid="results-print">
            {t('resultsReport.print')}
          </Button>
          <Button type="primary" icon={<FileExcelOutlined />} onClick={downloadExcel} loading={isDownloading} disabled={!data} data-testid="results-excel">
            {t('resultsReport.excel')}
          </Button>
        </Space>
      </div>
      {report.error ? <ProblemAlert error={report.error} /> : null}
      {!data && !report.error ? <Skeleton active /> : null}
      {data && (
        <article className="gg-results-sheet" data-testid="results-report">
          <header className="gg-results-head">
            <h2>{t('resultsReport.printTitle', { grid: data.grid.name })}</h2>
            <dl>
              <div>
                <dt>{t('resultsReport.grid')}</dt>
                <dd data-testid="results-grid">{t('resultsReport.gridText', { name: data.grid.name, code: data.grid.code })}</dd>
              </div>
              <div>
                <dt>{t('resultsReport.period')}</dt>
                <dd data-testid="results-period">
                  {t('resultsReport.periodText', { from: data.period.from, to: data.period.to })}
                  {data.period.isFromEarliest ? t('resultsReport.fromEarliest') : null}
                </dd>
              </div>
            </dl>
          </header>
          {data.groups.map((group, index) => {
            const figures = data.figures.filter((f) => f.group === group.id);
            return (
              <section key={group.id} className="gg-results-group" aria-labelledby={`results-group-${group.id}`}>
                <h3 id={`results-group-${group.id}`}>
                  {index + 1}. {group.label}
                </h3>
                <table className="gg-results-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('resultsReport.columns.figure')}</th>
                      <th scope="col" className="gg-results-num">
                        {t('resultsReport.columns.value')}
                      </th>
                      <th scope="col">{t('resultsReport.columns.article')}</th>
                      <th scope="col">{t('resultsReport.columns.definition')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {figures.map((f) => (
                      <tr key={f.id} data-testid={`figure-${f.id}`}>
                        <th scope="row">
                          {f.label}
                          <span className="gg-results-kind">{t(`resultsReport.kind.${f.kind}`)}</span>
                        </th>
                        <td className="gg-results-num">
                          <strong>{number(f.value)}</strong> <span className="gg-results-unit">{f.unitLabel}</span>
                        </td>
                        <td className="gg-results-article">{t('resultsReport.quoted', { text: f.article })}</td>
                        <td className="gg-results-definition">{f.definition}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            );
          })}
          <footer className="gg-results-foot gg-muted">{t('resultsReport.footnote')}</footer>
        </article>
      )}
    </div>
  );
}
