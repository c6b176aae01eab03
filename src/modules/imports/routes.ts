import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { AppError } from '../../core/errors.js';
import { translate, type Locale } from '../../core/i18n.js';
import { Problem, problemResponses } from '../../core/schemas.js';
import { MAX_FILE_BYTES, type UploadedFile } from './read-sheet.js';
import { ImportProblem, ImportQuery, ImportReport, KindParams } from './schemas.js';
import { ImportRejected, importTemplate, runImport } from './service.js';

const tags = ['imports'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The one uploaded file (multipart field `file`); over 20 MB answers 413 from the multipart limit. */
async function uploadedFile(req: FastifyRequest): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AppError('validation', { errors: [{ field: 'file', reason: 'fileRequired' }] });
  const part = await req.file({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
  if (!part) throw new AppError('validation', { errors: [{ field: 'file', reason: 'fileRequired' }] });
  return { filename: part.filename ?? '', data: await part.toBuffer() };
}

/** A refused import as problem+json carrying the whole report: every bad cell with its row and column. */
function sendRefusal(req: FastifyRequest, reply: FastifyReply, error: ImportRejected) {
  const locale = req.locale as Locale;
  const { report } = error;
  return reply
    .status(400)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'https://gridgov.org/problems/validation',
      title: translate(locale, 'errors.validation'),
      status: 400,
      code: 'validation',
      detail: translate(locale, 'imports.refused', { count: report.errors.length }),
      instance: req.url,
      requestId: req.id,
      ...report,
      errors: report.errors.map((e) => ({ field: `rows/${e.row}/${e.column}`, row: e.row, column: e.column, reason: e.reason, message: translate(locale, `reasons.${e.reason}`, e.params ?? {}) })),
    });
}

/** Imports (A3): templates and all-or-nothing uploads of buildings, residents, party members, organisations. */
export async function importRoutes(app: App, ctx: AppContext): Promise<void> {
  // The cases module registers the multipart parser for photos; register it here only if it is not there.
  if (!app.hasContentTypeParser('multipart/form-data')) await app.register(multipart);

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/imports/:kind/template.${format}`,
      { schema: { tags, summary: `The ${format} template of a kind: Chinese headers (English accepted), an example row${format === 'xlsx' ? ', a sheet explaining each column' : ''}`, params: KindParams, produces: [format === 'xlsx' ? XLSX : 'text/csv'] } },
      async (req, reply) => {
        const buffer = await importTemplate({ actor: req.actor, kind: req.params.kind, format, locale: req.locale as Locale });
        const filename = `${translate(req.locale as Locale, 'imports.templateFile', { kind: translate(req.locale as Locale, `imports.kinds.${req.params.kind}`) })}.${format}`;
        return reply
          .type(format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${req.params.kind}-template.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(buffer);
      },
    );
  }

  app.post(
    '/api/imports/:kind',
    {
      schema: {
        tags,
        summary: 'Import an .xlsx or .csv file (multipart field "file", ≤ 20 MB); all or nothing, every bad row reported',
        params: KindParams,
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, ...problemResponses, 400: ImportProblem, 413: Problem },
      },
    },
    async (req, reply) => {
      requirePermission(req.actor, `import.${req.params.kind}`);
      const file = await uploadedFile(req);
      try {
        const report = await runImport({ ctx, actor: req.actor, kind: req.params.kind, file, dryRun: req.query.dryRun });
        // An applied import has no bad rows.
        return { ...report, errors: [] };
      } catch (error) {
        if (error instanceof ImportRejected) return sendRefusal(req, reply, error);
        throw error;
      }
    },
  );
}
