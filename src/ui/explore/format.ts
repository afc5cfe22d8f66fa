import type { ColumnType } from '../../core/table/table';

const number = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 5 });

/** A profile statistic as text: dates as dates, numbers to five significant digits. */
export function formatStat(value: number | null, type: ColumnType): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (type === 'date') return new Date(value).toISOString().slice(0, 10);
  if (type === 'datetime') return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  return number.format(value);
}
