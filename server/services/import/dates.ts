/** Calendar helpers shared by the parser (Excel cells) and the column coercions. */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` when the instant is midnight UTC (how Excel dates arrive), else `YYYY-MM-DD HH:mm:ss`. */
export function formatCellDate(d: Date): string {
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** `YYYY-MM-DD` if the three parts form a real calendar day, else undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Largest serial Excel accepts (9999-12-31). */
export const MAX_EXCEL_SERIAL = 2_958_465;

/**
 * An Excel serial day number (1900 system) as a UTC Date. Serial 60 is Excel's phantom
 * 1900-02-29; serials after it are counted from 1899-12-30, before it from 1899-12-31.
 */
export function excelSerialToDate(serial: number): Date {
  const epoch = serial >= 61 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

/** Whether an Excel number format shows a date or time (y, m, d, h, s outside quotes/brackets). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}
