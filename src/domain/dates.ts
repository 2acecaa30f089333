/** Calendar arithmetic on UTC dates, as ISO "YYYY-MM-DD" strings: license terms are whole days. */

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || isoDate(ms) !== text ? null : ms;
}

export function addDays(date: string, days: number): string {
  return isoDate((parseIsoDate(date) as number) + days * DAY_MS);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const targetMonth = m - 1 + months;
  const year = y + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(Date.UTC(year, month, Math.min(d, lastDay)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round(((parseIsoDate(to) as number) - (parseIsoDate(from) as number)) / DAY_MS);
}

/** The wizard's SKU table shows dates as 27-Apr-2016. */
export function portalDate(date: string | null): string {
  if (date === null) return 'Perpetual';
  const [y, m, d] = date.split('-');
  return `${d}-${MONTHS[Number(m) - 1]}-${y}`;
}

/** Emails and the share tables show dates as 04/27/2016. */
export function emailDate(date: string | null): string {
  if (date === null) return 'Perpetual';
  const [y, m, d] = date.split('-');
  return `${m}/${d}/${y}`;
}
