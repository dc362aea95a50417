import { Type, type TSchema } from 'typebox';

/** Schemas shared by every route: ids, the error shape, pagination. */
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
});

/** The error responses every route may produce; merged into each route's `response`. */
export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const;

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export const Reason = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why; recorded in the audit log' })),
});

export const Ok = Type.Object({ ok: Type.Literal(true) });

// Handlers return Date objects; the response serializer writes ISO strings.
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const NonEmpty = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const Tags = (maxItems = 30) => Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems });
