import { scheduleLoad, SCHEDULES, shiftLoad } from './schedule.js';

const local = (iso: string) => Date.parse(`${iso}+08:00`);

describe('load schedules', () => {
  it('two shifts: 85 % by day, 45 % at night, linear ramps at the edges', () => {
    expect(shiftLoad(local('2026-11-23T12:00:00'))).toBeCloseTo(0.85);
    expect(shiftLoad(local('2026-11-23T03:00:00'))).toBeCloseTo(0.45);
    expect(shiftLoad(local('2026-11-23T07:30:00'))).toBeCloseTo(0.65);
    expect(shiftLoad(local('2026-11-23T20:30:00'))).toBeCloseTo(0.65);
  });

  it('a night shift crosses midnight, and weekends scale the load', () => {
    const night = { base: 0.2, shifts: [{ start: '22:00', end: '06:00', load: 0.9 }], rampMinutes: 0, weekend: 0.5 };
    expect(scheduleLoad(night, local('2026-11-24T23:30:00'))).toBeCloseTo(0.9); // Tuesday
    expect(scheduleLoad(night, local('2026-11-25T05:00:00'))).toBeCloseTo(0.9);
    expect(scheduleLoad(night, local('2026-11-25T12:00:00'))).toBeCloseTo(0.2);
    expect(scheduleLoad(SCHEDULES['day-shift'], local('2026-11-28T12:00:00'))).toBeCloseTo(0.4); // Saturday
  });
});
