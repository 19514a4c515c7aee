import { describe, expect, it } from 'vitest';
import { normalDate } from '../../functions/adapters/calendar/ics/ics-dates.js';

describe('normalDate', () => {
  it('reads basic and ISO-extended dates and date-times as apps do', () => {
    expect(normalDate('20261225')).toEqual({ value: '20261225', isDate: true });
    expect(normalDate('2026-12-25')).toEqual({ value: '20261225', isDate: true });
    expect(normalDate('20261225T093000Z')).toEqual({ value: '20261225T093000Z', isDate: false });
    expect(normalDate('2026-12-25T09:30:00Z')).toEqual({ value: '20261225T093000Z', isDate: false });
    expect(normalDate('2026-12-25T09:30')).toEqual({ value: '20261225T093000', isDate: false });
    expect(normalDate('20240229')).toEqual({ value: '20240229', isDate: true });
    expect(normalDate('20161231T235960Z')?.isDate).toBe(false); // a leap second
  });

  it('refuses dates that cannot exist instead of rolling them over', () => {
    for (const bad of [
      '20261399T250000Z',
      '1997-09-T1T00:00:Z',
      '20270229',
      '19000229',
      '20261131',
      '20261200',
      '00000101',
      '20261225T240000Z',
      '20261225T236000Z',
      '2026122',
      '',
      'tomorrow',
    ]) {
      expect(normalDate(bad), bad).toBeUndefined();
    }
  });
});
