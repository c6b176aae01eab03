import type { AppContext } from '../../core/context.js';
import { problemResponses } from '../../core/schemas.js';
import type { App } from '../../server/manifest.js';
import { exportResults } from './export-results.js';
import { ResultsQuery, ResultsReport } from './schemas.js';
import { reportsService } from './service.js';

const tags = ['reports'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The results report (成效, A2) as JSON and as an Excel workbook. */
export function reportRoutes(app: App, ctx: AppContext): void {
  const svc = reportsService(ctx);
  app.get('/api/reports/results', { schema: { tags, summary: 'Every figure of the results report for a period and subtree, computed from records', querystring: ResultsQuery, response: { 200: ResultsReport, ...problemResponses } } }, (req) =>
    svc.results(req.actor, req.query, req.locale),
  );
  app.get('/api/reports/results.xlsx', { schema: { tags, summary: 'The results report as an Excel workbook (.xlsx), the same figures in the same order', querystring: ResultsQuery, produces: [XLSX] } }, async (req, reply) => {
    const { buffer, filename } = await exportResults({ ctx, report: await svc.results(req.actor, req.query, req.locale), locale: req.locale });
    return reply.type(XLSX).header('content-disposition', `attachment; filename="results-report.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`).send(buffer);
  });
}
