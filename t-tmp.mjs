import ICAL from 'ical.js';
const ev = (lines) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n${lines.join('\r\n')}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
const cases = {
  bymonth13: ['DTSTART:20260101T100000Z','RRULE:FREQ=DAILY;BYMONTH=13'],
  byhour25: ['DTSTART:20260101T100000Z','RRULE:FREQ=DAILY;BYHOUR=25'],
  freqfoo: ['DTSTART:20260101T100000Z','RRULE:FREQ=FOO'],
  countabc: ['DTSTART:20260101T100000Z','RRULE:FREQ=DAILY;COUNT=abc'],
  cn: ['DTSTART:20260101T100000Z','ATTENDEE;CN="Bob:mailto:b@x.com'],
  byyearday: ['DTSTART:20260101T100000Z','RRULE:FREQ=DAILY;BYYEARDAY=366;BYMONTH=1'],
  dateonly: ['DTSTART:20220101'],
  odd: ['DTSTART:1997-09-T1T00:00:Z'],
  bad: ['DTSTART:20261399T250000Z'],
  dur: ['DTSTART:20260101T100000Z','DURATION:P1X'],
  dur2: ['DTSTART:20260101T100000Z','DURATION:P99999999W'],
  iso: ['DTSTART:2026-01-01T10:00:00Z'],
};
for (const [k, lines] of Object.entries(cases)) {
  try { const c = new ICAL.Component(ICAL.parse(ev(lines))); const e = c.getFirstSubcomponent('vevent'); 
    const ds = e.getFirstPropertyValue('dtstart'); const r = e.getFirstPropertyValue('rrule');
    console.log(k, 'OK', String(ds), r ? r.toString() : '', r? JSON.stringify(r.toJSON()):'' , String(e.getFirstPropertyValue('duration')), typeof e.getFirstPropertyValue('duration'));
  } catch (err) { console.log(k, 'THROW', err.message.slice(0,100)); }
}
