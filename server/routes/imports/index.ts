import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../../db/repositories/audit.repository.ts';
import { lookup } from '../../../search/taxonomy/catalogue.ts';
import type { Actor } from '../../auth/actor.ts';
import { ValidationError } from '../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import * as challenges from '../../services/challenges.service.ts';
import type { ServiceContext } from '../../services/context.ts';
import { MAX_UPLOAD_BYTES, uploadFormats } from '../../services/import/parse.ts';
import {
  prepareImport,
  reportFor,
  rowsToImport,
  type ImportRowOf,
  type PreparedImport,
} from '../../services/import/pipeline.ts';
import { ImportParams, ImportQuery, ImportReport, type ImportType } from '../../services/import/schemas.ts';
import { renderTemplate, templateColumns, templateContentTypes } from '../../services/import/templates.ts';
import * as mentors from '../../services/mentors.service.ts';
import * as students from '../../services/students.service.ts';
import { errors, Uuid } from '../common.ts';
import { serviceContext } from '../context.ts';

/** The organisation to import into: named, or the caller's only organisation of the right kind. */
function targetOrg(actor: Actor, type: ImportType, orgId: string | undefined): string | undefined {
  if (orgId) return orgId;
  const kinds = type === 'challenges' ? ['enterprise'] : ['university', 'institute'];
  const orgs = [...new Set(actor.memberships.filter((m) => kinds.includes(m.orgKind)).map((m) => m.orgId))];
  if (orgs.length === 1) return orgs[0];
  throw new ValidationError('Say which organisation to import into', { orgId: 'required' });
}

/**
 * Rules that need more than the row schema: students name their discipline by code or by name
 * (resolved against the 2022 catalogue); industry mentors need the enterprise they work for;
 * a challenge's dates are in order (the service would otherwise refuse the whole file).
 */
function resolveRows<T extends ImportType>(
  type: T,
  p: PreparedImport<ImportRowOf<T>>,
  homeOrgId: string | undefined,
): void {
  const keep: typeof p.valid = [];
  for (const row of p.valid) {
    const v = row.value as Record<string, unknown>;
    if (type === 'students') {
      const entry = lookup(String(v.discipline));
      if (!entry || entry.code.length !== 4) {
        p.errors.push({
          line: row.line,
          field: 'discipline',
          message: `学科 "${String(v.discipline)}" 不在《学科专业目录（2022）》中 / unknown discipline; use a 4-digit code or its name`,
        });
        continue;
      }
      v.discipline = entry.code;
    }
    if (type === 'challenges' && !challenges.datesInOrder(v)) {
      p.errors.push({ line: row.line, field: 'deliverBy', message: challenges.DATES_OUT_OF_ORDER });
      continue;
    }
    if (type === 'mentors' && v.kind === 'industry' && !homeOrgId) {
      p.errors.push({
        line: row.line,
        field: 'kind',
        message: '产业导师需指定所在企业：请在导入时选择企业（homeOrgId） / industry mentors need homeOrgId',
      });
      continue;
    }
    keep.push(row);
  }
  p.valid = keep;
  p.errors.sort((a, b) => a.line - b.line);
}

/** Rows whose student number the university already uses are row errors, not a failed write. */
async function rejectTakenStudentNumbers(
  ctx: ServiceContext,
  orgId: string,
  p: PreparedImport<ImportRowOf<ImportType>>,
): Promise<void> {
  const numberOf = (row: (typeof p.valid)[number]) => String((row.value as { studentNo: string }).studentNo);
  const taken = await students.takenNumbers(ctx, orgId, p.valid.map(numberOf));
  if (!taken.size) return;
  for (const row of p.valid)
    if (taken.has(numberOf(row)))
      p.errors.push({
        line: row.line,
        field: 'studentNo',
        message: `学号 "${numberOf(row)}" 已存在于本校 / student number already in use at this university`,
      });
  p.valid = p.valid.filter((row) => !taken.has(numberOf(row)));
  p.errors.sort((a, b) => a.line - b.line);
}

/** The same permission each service checks when it writes, asked up front. */
async function authorize(ctx: ServiceContext, type: ImportType, orgId: string): Promise<void> {
  switch (type) {
    case 'challenges':
      challenges.requirePostingOrg(ctx, orgId);
      return;
    case 'mentors':
      await mentors.requirePoolManager(ctx, orgId);
      return;
    case 'students':
      students.requireStudentManager(ctx, orgId);
      return;
  }
}

async function write(
  ctx: ServiceContext,
  type: ImportType,
  orgId: string,
  rows: unknown[],
  homeOrgId: string | undefined,
): Promise<number> {
  if (!rows.length) return 0;
  switch (type) {
    case 'challenges':
      return (await challenges.createMany(ctx, orgId, rows as challenges.ChallengeInput[])).length;
    case 'mentors':
      return (
        await mentors.createMany(
          ctx,
          orgId,
          (rows as mentors.MentorInput[]).map((m) => ({
            ...m,
            ...(m.kind === 'industry' ? { homeOrgId } : {}),
          })),
        )
      ).length;
    case 'students':
      return (await students.createMany(ctx, orgId, rows as students.StudentInput[])).length;
  }
}

/** Bulk import from CSV, XLSX or JSON Lines with a per-row report; all or nothing unless validOnly. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(
    [
      'application/octet-stream',
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/x-ndjson',
      'application/jsonl',
    ],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.get(
    '/:type/columns',
    {
      schema: {
        tags: ['import'],
        description:
          'The columns an import reads: preferred header, accepted spellings, whether the file must have it, accepted labels.',
        params: ImportParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                field: Type.String(),
                header: Type.String(),
                headers: Type.Array(Type.String()),
                required: Type.Boolean(),
                type: Type.Enum(['string', 'integer', 'number', 'boolean', 'date', 'list']),
                values: Type.Optional(Type.Array(Type.String())),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ items: templateColumns(req.params.type) }),
  );

  app.get(
    '/:type/template',
    {
      schema: {
        tags: ['import'],
        description:
          'A template file: every column the import reads and one example row that imports cleanly.',
        params: ImportParams,
        querystring: Type.Object(
          { format: Type.Enum([...uploadFormats], { default: 'csv' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const { type } = req.params;
      const format = req.query.format ?? 'csv';
      return reply
        .header('content-type', templateContentTypes[format])
        .header('content-disposition', `attachment; filename="${type}-template.${format}"`)
        .send(await renderTemplate(type, format));
    },
  );

  app.post(
    '/:type',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['import'],
        description:
          'Upload the file as the raw request body (content-type application/octet-stream). A file with bad rows writes nothing unless validOnly=true; dryRun=true only checks.',
        params: ImportParams,
        querystring: Type.Object(
          { ...ImportQuery.properties, orgId: Type.Optional(Uuid), homeOrgId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        // No JSON type: the parser hands over a Buffer, which the pipeline validates row by row.
        body: Type.Unsafe<Buffer>({ description: 'The CSV, XLSX or JSONL file (raw bytes)' }),
        response: { 200: ImportReport, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { type } = req.params;
      const q = req.query as {
        format: 'csv' | 'xlsx' | 'jsonl';
        validOnly?: boolean;
        dryRun?: boolean;
        orgId?: string;
        homeOrgId?: string;
      };
      if (!Buffer.isBuffer(req.body))
        throw new ValidationError('Send the file as the raw body (application/octet-stream)', {
          body: 'expected a file',
        });
      const orgId = targetOrg(actor, type, q.orgId);
      const opts = { validOnly: q.validOnly ?? false, dryRun: q.dryRun ?? false };
      const ctx = serviceContext(req);
      // Before reading the file, dry run included: only those who could import may check a file.
      await authorize(ctx, type, orgId!);
      const prepared = await prepareImport(type, req.body, q.format);
      resolveRows(type, prepared, q.homeOrgId);
      if (type === 'students') await rejectTakenStudentNumbers(ctx, orgId!, prepared);
      const rows = rowsToImport(prepared, opts).map((r) => r.value);
      const imported = await write(ctx, type, orgId!, rows, q.homeOrgId);
      const report = reportFor(prepared, { imported, ...opts });
      await appendAudit(ctx.db, {
        actorId: actor.userId,
        orgId,
        action: `import.${type}`,
        entityType: 'import',
        entityId: orgId!,
        data: { total: report.total, imported, invalid: report.invalid, dryRun: opts.dryRun },
      });
      req.log.info(
        { type, orgId, total: report.total, imported, invalid: report.invalid },
        'import finished',
      );
      return report;
    },
  );
};

export default routes;
