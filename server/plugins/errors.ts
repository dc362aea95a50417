import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

interface AjvIssue {
  instancePath?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
  message?: string;
}

/** Turns AJV issues into `{ field: message }`, using dotted paths (`org.name`, `skills.2`). */
function fieldsFrom(issues: AjvIssue[], context: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const i of issues) {
    const base = (i.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    const leaf = i.params?.missingProperty ?? i.params?.additionalProperty;
    const key = [base, leaf].filter(Boolean).join('.') || context || 'body';
    const msg = i.params?.additionalProperty ? 'unknown field' : (i.message ?? 'invalid');
    fields[key] ??= msg;
  }
  return fields;
}

/** One error shape for the whole API: `{ error: { code, message, fields? } }`. 5xx details are logged, never sent. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvIssue[] }, req, reply) => {
    if (err.validation) {
      const fields = fieldsFrom(err.validation, err.validationContext);
      return reply.status(400).send({
        error: {
          code: 'validation_failed',
          message: `请求参数有误 / Invalid ${err.validationContext ?? 'request'}`,
          fields,
        },
      });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.status(err.status).send({
        error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) },
      });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status < 500) {
      return reply
        .status(status)
        .send({ error: { code: err.code?.toLowerCase() ?? 'bad_request', message: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal', message: `服务器内部错误，请稍后重试 / Internal error (request ${req.id})` },
    });
  });
}

/** JSON 404 for unknown API routes; with a built web app, other GETs fall back to the SPA shell. */
export function registerNotFound(app: FastifyInstance, spa: boolean): void {
  app.setNotFoundHandler((req, reply) => {
    if (spa && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/docs')) {
      return reply.sendFile('index.html');
    }
    return reply
      .status(404)
      .send({ error: { code: 'route_not_found', message: `No route ${req.method} ${req.url}` } });
  });
}
