/**
 * Builds the labelled detection sets (google.json, microsoft.json) from the
 * scenarios in scenarios-*.mjs, rendering each as the provider's raw event
 * resource exactly as the API returns it. Run: node events/detection/generate-fixtures.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { aboutInterviewScenarios } from './scenarios-about-interviews.mjs';
import { companyScenarios } from './scenarios-companies.mjs';
import { confounderScenarios } from './scenarios-confounders.mjs';
import { eighthScenarios } from './scenarios-eighth.mjs';
import { eleventhScenarios } from './scenarios-eleventh.mjs';
import { extraScenarios } from './scenarios-extra.mjs';
import { fifthScenarios } from './scenarios-fifth.mjs';
import { formatScenarios } from './scenarios-formats.mjs';
import { fourthScenarios } from './scenarios-fourth.mjs';
import { interviewScenarios } from './scenarios-interviews.mjs';
import { languageScenarios } from './scenarios-languages.mjs';
import { ninthScenarios } from './scenarios-ninth.mjs';
import { routineScenarios } from './scenarios-routine.mjs';
import { sixthScenarios } from './scenarios-sixth.mjs';
import { tenthScenarios } from './scenarios-tenth.mjs';
import { terseScenarios } from './scenarios-terse.mjs';
import { thirdScenarios } from './scenarios-third.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const WINDOWS_ZONES = {
  'America/Los_Angeles': 'Pacific Standard Time',
  'America/New_York': 'Eastern Standard Time',
  'Europe/Berlin': 'W. Europe Standard Time',
  'Europe/Paris': 'Romance Standard Time',
  'Europe/Madrid': 'Romance Standard Time',
  'Europe/London': 'GMT Standard Time',
  'America/Sao_Paulo': 'E. South America Standard Time',
  'Asia/Kolkata': 'India Standard Time',
  'Asia/Tokyo': 'Tokyo Standard Time',
  'Europe/Amsterdam': 'W. Europe Standard Time',
  'Europe/Rome': 'W. Europe Standard Time',
  'Europe/Warsaw': 'Central European Standard Time',
  'America/Chicago': 'Central Standard Time',
};

function hash(text) {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function times(s) {
  const zone = s.zone ?? s.tz;
  const start = DateTime.fromISO(s.at ?? '2026-03-10T10:00', { zone });
  const end = start.plus({ minutes: s.dur ?? 45 });
  return { zone, start, end };
}

function googleVideo(s, id) {
  if (s.video === 'meet') {
    const code = `${hash(id).slice(0, 3)}-${hash(`${id}x`).slice(0, 4)}-${hash(`${id}y`).slice(0, 3)}`;
    return {
      hangoutLink: `https://meet.google.com/${code}`,
      conferenceData: {
        entryPoints: [
          {
            entryPointType: 'video',
            uri: `https://meet.google.com/${code}`,
            label: `meet.google.com/${code}`,
          },
          { entryPointType: 'phone', uri: 'tel:+1-260-555-0143', label: '+1 260-555-0143', pin: '318220947' },
        ],
        conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
        conferenceId: code,
      },
    };
  }
  return {};
}

const ZOOM_FOOTER =
  '\n\n────────────\nJoin Zoom Meeting\nhttps://us02web.zoom.us/j/84512345678?pwd=bXlQb1Vq\n\nMeeting ID: 845 1234 5678\nPasscode: 482913\n';

function toGoogle(s) {
  const id = `g${hash(s.id)}${hash(`${s.id}!`)}`.slice(0, 26);
  const { zone, start, end } = times(s);
  const self = s.owner;
  const organizer = s.ownerOrganizes ? [self[0], s.ownerEmail] : s.org;
  const attendees = [];
  if (!s.noAttendees) {
    if (organizer && !s.ownerOrganizes)
      attendees.push({
        email: organizer[1],
        displayName: organizer[0],
        organizer: true,
        responseStatus: 'accepted',
      });
    attendees.push({
      email: s.ownerEmail,
      ...(self[0] ? { displayName: self[0] } : {}),
      self: true,
      ...(s.ownerOrganizes ? { organizer: true } : {}),
      responseStatus: s.ownerOrganizes ? 'accepted' : (s.resp ?? 'accepted'),
    });
    for (const [name, email, resp, type] of s.att ?? []) {
      attendees.push({
        email,
        ...(name ? { displayName: name } : {}),
        ...(type === 'resource' ? { resource: true } : {}),
        ...(type === 'optional' ? { optional: true } : {}),
        responseStatus: resp ?? 'needsAction',
      });
    }
  }
  // Hiring and booking tools write HTML descriptions; Google passes them on as they are.
  let description = s.htmlDesc ?? s.desc ?? undefined;
  if (description && s.video === 'zoom' && !s.htmlDesc) description += ZOOM_FOOTER;
  if (description && s.html && !s.htmlDesc)
    description = description
      .split('\n')
      .map((line) => line || '<br>')
      .join('<br>');
  const timeFields = s.allDay
    ? {
        start: { date: start.toISODate() },
        end: { date: start.plus({ days: s.days ?? 1 }).toISODate() },
      }
    : {
        start: { dateTime: start.toISO({ suppressMilliseconds: true }), timeZone: zone },
        end: { dateTime: end.toISO({ suppressMilliseconds: true }), timeZone: zone },
      };
  const created = start.minus({ days: 6 }).toUTC();
  const raw = {
    kind: 'calendar#event',
    etag: `"${BigInt(`0x${hash(id)}`) * 1000003n}"`,
    id,
    status: s.status ?? 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${s.ownerEmail}`).toString('base64url')}`,
    created: created.toISO(),
    updated: created.plus({ hours: 3 }).toISO(),
    summary: s.title,
    ...(description ? { description } : {}),
    ...(s.location ? { location: s.location } : {}),
    creator: {
      email: organizer ? organizer[1] : s.ownerEmail,
      ...(s.ownerOrganizes || !organizer ? { self: true } : {}),
    },
    organizer: organizer
      ? {
          email: organizer[1],
          ...(organizer[0] ? { displayName: organizer[0] } : {}),
          ...(s.ownerOrganizes ? { self: true } : {}),
        }
      : { email: s.ownerEmail, self: true },
    ...timeFields,
    iCalUID: `${id}@google.com`,
    sequence: 0,
    ...(attendees.length ? { attendees } : {}),
    ...googleVideo(s, id),
    reminders: { useDefault: true },
    eventType: 'default',
  };
  return raw;
}

const TEAMS_FOOTER = [
  '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">________________________________________________________________________________</span></div>',
  '<div style="margin-bottom:24px;overflow:hidden;white-space:nowrap"><span style="font-size:24px;font-weight:700">Microsoft Teams</span> <a href="https://aka.ms/JoinTeamsMeeting?omkt=en-US">Need help?</a></div>',
  '<div style="margin-bottom:6px"><a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA3ZTk4@thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d" style="font-size:20px;font-weight:700;color:#5B5FC7">Join the meeting now</a></div>',
  '<div style="margin-bottom:6px"><span style="font-size:14px;color:#616161">Meeting ID: </span><span style="font-size:14px;color:#242424">245 117 883 662 </span></div>',
  '<div style="margin-bottom:32px"><span style="font-size:14px;color:#616161">Passcode: </span><span style="font-size:14px;color:#242424">nZ4kQ9 </span></div>',
  '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">________________________________________________________________________________</span></div>',
].join('\r\n');

function escapeHtml(text) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Visible text of a tool's HTML, for Graph's bodyPreview. */
function textOf(html) {
  return html
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, ' ');
}

function htmlBody(s) {
  if (s.htmlDesc) {
    const footer = s.video === 'teams' ? `\r\n<br>\r\n${TEAMS_FOOTER}` : '';
    return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n${s.htmlDesc}${footer}\r\n</body>\r\n</html>\r\n`;
  }
  const lines = (s.desc ?? '').split('\n');
  const paragraphs = lines
    .map((line) => (line ? `<div>${escapeHtml(line)}</div>` : '<div><br></div>'))
    .join('\r\n');
  const footer = s.video === 'teams' ? `\r\n<br>\r\n${TEAMS_FOOTER}` : '';
  return `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n<body>\r\n<div class="elementToProof" style="font-family:Aptos,Calibri,Helvetica,sans-serif;font-size:12pt">\r\n${paragraphs}\r\n</div>${footer}\r\n</body>\r\n</html>\r\n`;
}

const MS_RESPONSE = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentativelyAccepted',
  needsAction: 'notResponded',
};

function graphTime(dt, zoneName, allDay) {
  const value = allDay ? dt.startOf('day') : dt;
  return { dateTime: `${value.toFormat("yyyy-LL-dd'T'HH:mm:ss")}.0000000`, timeZone: zoneName };
}

function toMicrosoft(s) {
  const id = `AAMkAGI2${hash(s.id)}AAAEYAAD${hash(`${s.id}#`)}BwBmRkAAA=`;
  const { zone, start, end } = times(s);
  const zoneStyle = s.msZone ?? 'windows';
  const zoneName = zoneStyle === 'utc' ? 'UTC' : zoneStyle === 'iana' ? zone : (WINDOWS_ZONES[zone] ?? 'UTC');
  const toZone = (dt) => (zoneStyle === 'utc' ? dt.toUTC() : dt);
  const organizer = s.ownerOrganizes ? [s.owner[0], s.ownerEmail] : (s.org ?? [s.owner[0], s.ownerEmail]);
  const attendees = [];
  if (!s.noAttendees) {
    if (!s.ownerOrganizes) {
      attendees.push({
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: s.owner[0] ?? s.ownerEmail, address: s.ownerEmail },
      });
    }
    for (const [name, email, resp, type] of s.att ?? []) {
      attendees.push({
        type: type === 'resource' ? 'resource' : type === 'optional' ? 'optional' : 'required',
        status: { response: MS_RESPONSE[resp] ?? 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: name ?? email, address: email },
      });
    }
  }
  const body = htmlBody(s);
  const preview = (s.htmlDesc ? textOf(s.htmlDesc) : (s.desc ?? ''))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
  const modified = start.minus({ days: 5 }).toUTC();
  const isOrganizer = Boolean(s.ownerOrganizes || !s.org);
  const endTime = s.allDay ? start.plus({ days: s.days ?? 1 }) : end;
  return {
    '@odata.etag': `W/"ZlnW4RIAQE6nPvQk${hash(id)}AAAC${hash(`${id}1`)}=="`,
    id,
    createdDateTime: `${modified.minus({ hours: 2 }).toFormat("yyyy-LL-dd'T'HH:mm:ss")}.${hash(id).replace(/\D/g, '0').slice(0, 7).padEnd(7, '0')}Z`,
    lastModifiedDateTime: `${modified.toFormat("yyyy-LL-dd'T'HH:mm:ss")}.${hash(`${id}m`).replace(/\D/g, '1').slice(0, 7).padEnd(7, '0')}Z`,
    changeKey: `ZlnW4RIAQE6nPvQk${hash(id)}AAAC`,
    categories: [],
    transactionId: null,
    originalStartTimeZone: zoneName,
    originalEndTimeZone: zoneName,
    iCalUId: `040000008200E00074C5B7101A82E008000000${hash(id)}${hash(`${id}u`)}`.toUpperCase(),
    uid: `040000008200E00074C5B7101A82E008000000${hash(id)}${hash(`${id}u`)}`.toUpperCase(),
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: s.status === 'cancelled' ? `Canceled: ${s.title}` : s.title,
    bodyPreview: preview,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: Boolean(s.allDay),
    isCancelled: s.status === 'cancelled',
    isOrganizer,
    responseRequested: true,
    seriesMasterId: null,
    showAs: s.resp === 'declined' ? 'free' : s.resp === 'tentative' ? 'tentative' : 'busy',
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: s.video === 'teams',
    onlineMeetingProvider: s.video === 'teams' ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: true,
    occurrenceId: null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: isOrganizer ? 'organizer' : (MS_RESPONSE[s.resp ?? 'accepted'] ?? 'none'),
      time: isOrganizer
        ? '0001-01-01T00:00:00Z'
        : `${modified.plus({ hours: 1 }).toFormat("yyyy-LL-dd'T'HH:mm:ss")}.0000000Z`,
    },
    body: { contentType: 'html', content: body },
    start: graphTime(toZone(start), zoneName, s.allDay),
    end: graphTime(toZone(endTime), zoneName, s.allDay),
    location: {
      displayName: s.location ?? (s.video === 'teams' ? 'Microsoft Teams Meeting' : ''),
      locationType: 'default',
      uniqueIdType: s.location ? 'private' : 'unknown',
    },
    locations: s.location
      ? [{ displayName: s.location, locationType: 'default', uniqueIdType: 'private' }]
      : [],
    recurrence: null,
    attendees,
    organizer: { emailAddress: { name: organizer[0] ?? organizer[1], address: organizer[1] } },
    onlineMeeting:
      s.video === 'teams'
        ? {
            joinUrl:
              'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA3ZTk4@thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d',
          }
        : null,
  };
}

function label(s) {
  const result = { interview: s.iv };
  if (s.iv && s.co) result.company = s.co;
  if (s.iv && s.ro) result.role = s.ro;
  return result;
}

const all = [
  ...interviewScenarios,
  ...confounderScenarios,
  ...routineScenarios,
  ...extraScenarios,
  ...thirdScenarios,
  ...fourthScenarios,
  ...fifthScenarios,
  ...sixthScenarios,
  ...languageScenarios,
  ...aboutInterviewScenarios,
  ...terseScenarios,
  ...formatScenarios,
  ...companyScenarios,
  ...eighthScenarios,
  ...ninthScenarios,
  ...tenthScenarios,
  ...eleventhScenarios,
];
const ids = new Set();
for (const s of all) {
  if (ids.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
  ids.add(s.id);
}
const google = all
  .filter((s) => s.p === 'g')
  .map((s) => ({
    id: s.id,
    provider: 'google',
    owner: { email: s.ownerEmail, timeZone: s.tz },
    event: toGoogle(s),
    label: label(s),
  }));
const microsoft = all
  .filter((s) => s.p === 'm')
  .map((s) => ({
    id: s.id,
    provider: 'microsoft',
    owner: { email: s.ownerEmail, timeZone: s.tz },
    event: toMicrosoft(s),
    label: label(s),
  }));
// `--both DIR` also renders every scenario in both shapes, to check that no decision depends on the provider.
const bothAt = process.argv.indexOf('--both');
if (bothAt > 0 && process.argv[bothAt + 1]) {
  const dir = process.argv[bothAt + 1];
  const render = (s, provider) => ({
    id: `${s.id}@${provider}`,
    provider,
    owner: { email: s.ownerEmail, timeZone: s.tz },
    event: provider === 'google' ? toGoogle(s) : toMicrosoft(s),
    label: label(s),
  });
  writeFileSync(
    join(dir, 'google.json'),
    `${JSON.stringify(
      all.map((s) => render(s, 'google')),
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(dir, 'microsoft.json'),
    `${JSON.stringify(
      all.map((s) => render(s, 'microsoft')),
      null,
      2,
    )}\n`,
  );
}
writeFileSync(join(here, 'google.json'), `${JSON.stringify(google, null, 2)}\n`);
writeFileSync(join(here, 'microsoft.json'), `${JSON.stringify(microsoft, null, 2)}\n`);
const count = (items) => `${items.length} (${items.filter((i) => i.label.interview).length} interviews)`;
console.log(`google: ${count(google)}, microsoft: ${count(microsoft)}`);
