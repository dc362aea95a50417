/**
 * Named errors with stable codes. Services throw these; one handler (plugins/errors.ts) turns
 * them into `{ error: { code, message, fields? } }` with the right status.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: Record<string, string>) {
    super(400, 'validation_failed', message, fields);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录 / Please sign in first') {
    super(401, 'unauthenticated', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = '无权执行此操作 / You are not allowed to do this', code = 'forbidden') {
    super(403, code, message);
  }
}
export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} 不存在或无权访问 / ${what} not found`);
  }
}
export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}
export class InvalidTransitionError extends ConflictError {
  constructor(entity: string, from: string, action: string) {
    super('invalid_transition', `${entity} in state "${from}" cannot "${action}"`);
  }
}
