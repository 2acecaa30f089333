import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  daysBetween,
  emailDate,
  isoDate,
  parseIsoDate,
  portalDate,
} from '../../src/domain/dates.js';

const DAY = 86_400_000;
const dayArb = fc.integer({ min: Date.UTC(1970, 0, 1) / DAY, max: Date.UTC(2199, 11, 31) / DAY });
const dateArb = dayArb.map((d) => isoDate(d * DAY));

describe('License dates are whole UTC days written YYYY-MM-DD', () => {
  it('isoDate takes the UTC calendar day of an instant', () => {
    expect(isoDate(Date.UTC(2016, 3, 27, 0, 0, 0))).toBe('2016-04-27');
    expect(isoDate(Date.UTC(2016, 3, 27, 23, 59, 59, 999))).toBe('2016-04-27');
    expect(isoDate(0)).toBe('1970-01-01');
  });

  it('parseIsoDate gives midnight UTC of a real date', () => {
    expect(parseIsoDate('2016-04-27')).toBe(Date.UTC(2016, 3, 27));
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it.each([
    ['a day that does not exist', '2023-02-29'],
    ['April 31st', '2016-04-31'],
    ['month 13', '2016-13-01'],
    ['day 00', '2016-04-00'],
    ['the portal format', '27-Apr-2016'],
    ['the email format', '04/27/2016'],
    ['a time of day', '2016-04-27T00:00:00Z'],
    ['a missing leading zero', '2016-4-27'],
    ['surrounding spaces', ' 2016-04-27 '],
    ['nothing', ''],
  ])('parseIsoDate refuses %s', (_label, text) => {
    expect(parseIsoDate(text)).toBeNull();
  });

  it('property: every day formats and parses back to itself', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        expect(parseIsoDate(isoDate(day * DAY))).toBe(day * DAY);
      }),
    );
  });
});

describe('Counting days: one day after ship, up to 60 days ahead', () => {
  it('addDays rolls over months, years and leap days', () => {
    expect(addDays('2014-10-25', 1)).toBe('2014-10-26');
    expect(addDays('2015-12-31', 1)).toBe('2016-01-01');
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2015-02-28', 1)).toBe('2015-03-01');
    expect(addDays('2014-10-25', 60)).toBe('2014-12-24');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
    expect(addDays('2016-04-27', 0)).toBe('2016-04-27');
  });

  it('daysBetween counts whole days, negative when going back', () => {
    expect(daysBetween('2014-10-25', '2014-12-24')).toBe(60);
    expect(daysBetween('2014-10-25', '2014-10-26')).toBe(1);
    expect(daysBetween('2014-10-26', '2014-10-25')).toBe(-1);
    expect(daysBetween('2016-01-01', '2017-01-01')).toBe(366);
    expect(daysBetween('2015-01-01', '2016-01-01')).toBe(365);
    expect(daysBetween('2016-04-27', '2016-04-27')).toBe(0);
  });

  it('property: daysBetween undoes addDays', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -3650, max: 3650 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });
});

describe('A term of 12 to 60 months ends on the same day of the month', () => {
  it('adds whole months', () => {
    expect(addMonths('2016-04-27', 12)).toBe('2017-04-27');
    expect(addMonths('2014-10-26', 30)).toBe('2017-04-26');
    expect(addMonths('2014-10-26', 60)).toBe('2019-10-26');
    expect(addMonths('2016-11-15', 2)).toBe('2017-01-15');
    expect(addMonths('2016-04-27', 0)).toBe('2016-04-27');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2016-03-31', 1)).toBe('2016-04-30');
    expect(addMonths('2016-02-29', 12)).toBe('2017-02-28');
    expect(addMonths('2016-02-29', 48)).toBe('2020-02-29');
  });

  it('goes back with negative months', () => {
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2016-01-15', -1)).toBe('2015-12-15');
    expect(addMonths('2016-01-15', -13)).toBe('2014-12-15');
  });

  it('property: the result is a real date the given number of months on, never past the original day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (date, months) => {
        const end = addMonths(date, months);
        expect(parseIsoDate(end)).not.toBeNull();
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const [ey, em, ed] = end.split('-').map(Number) as [number, number, number];
        expect(ey * 12 + em - (y * 12 + m)).toBe(months);
        expect(ed).toBeLessThanOrEqual(d);
        if (ed < d) expect(addDays(end, 1).slice(8)).toBe('01');
      }),
    );
  });
});

describe('The wizard shows dates as 27-Apr-2016 and the emails as 04/27/2016', () => {
  it('portalDate', () => {
    expect(portalDate('2016-04-27')).toBe('27-Apr-2016');
    expect(portalDate('2017-05-31')).toBe('31-May-2017');
    expect(portalDate('2016-01-01')).toBe('01-Jan-2016');
    expect(portalDate('2016-12-09')).toBe('09-Dec-2016');
  });

  it('emailDate', () => {
    expect(emailDate('2016-04-27')).toBe('04/27/2016');
    expect(emailDate('2017-05-31')).toBe('05/31/2017');
    expect(emailDate('2016-03-21')).toBe('03/21/2016');
  });

  it('a perpetual license has no end date', () => {
    expect(portalDate(null)).toBe('Perpetual');
    expect(emailDate(null)).toBe('Perpetual');
  });

  it('property: both forms carry the same day, month and year', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(dateArb, (date) => {
        const [y, m, d] = date.split('-');
        expect(portalDate(date)).toBe(`${d}-${months[Number(m) - 1]}-${y}`);
        expect(emailDate(date)).toBe(`${m}/${d}/${y}`);
      }),
    );
  });
});
