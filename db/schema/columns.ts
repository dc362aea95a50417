import { timestamp } from 'drizzle-orm/pg-core';

/**
 * A point in time, stored to the millisecond: JavaScript dates and the keyset cursors built from
 * them carry milliseconds, so a microsecond column would let rows in the same millisecond as a
 * page boundary fall between pages.
 */
export const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
