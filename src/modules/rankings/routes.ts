import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { problemResponses } from '../../core/schemas.js';
import { exportRankings } from './export-rankings.js';
import { Ranking, RankingQuery } from './schemas.js';
import { rankingsService } from './service.js';

const tags = ['rankings'];
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Rankings (A4) and the red and black lists, as JSON and as Excel. */
export function rankingRoutes(app: App, ctx: AppContext): void {
  const rankings = rankingsService(ctx);
  app.get('/api/rankings', { schema: { tags, summary: 'Grids, communities, grid workers or partner organisations of your subtree ranked on an indicator, with the red and black lists', querystring: RankingQuery, response: { 200: Ranking, ...problemResponses } } }, (req) =>
    rankings.rank(req.actor, req.query),
  );
  app.get('/api/rankings.xlsx', { schema: { tags, summary: 'The same ranking as an Excel workbook (the list, the red list, the black list)', querystring: RankingQuery, produces: [xlsx] } }, async (req, reply) => {
    const { buffer, filename } = await exportRankings({ ctx, actor: req.actor, query: req.query, locale: req.locale });
    return reply
      .type(xlsx)
      .header('content-disposition', `attachment; filename="ranking.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(buffer);
  });
}
