/**
 * What each prompt mail says, as plain data (PromptView). Every prompt says
 * why it was sent and carries "not an interview" and "pause" links. The
 * renderer in web/ escapes every string.
 */

import type { Application, Connection, Interview, Settings, Task } from '../model.js';
import type { Deps, DraftView, LinkView, PromptItem, PromptView } from '../ports.js';
import { formatInZone, formatTime } from '../timing.js';
import { openLinkUrl } from '../users/sign-in.js';
import { actionUrl, type LinkDeps } from './action-links.js';
import { askAddressDraft, type Draft, signatureOf, statusCheckDraft } from './drafts.js';
import { mailtoUrl } from './mailto.js';
import { draftKey, lastRound, loopThankYous } from './task-drafts.js';

/** Links every prompt carries: pause (also the one-click unsubscribe) and the dashboard. */
export async function commonLinks(
  deps: LinkDeps,
  userId: string,
): Promise<{ unsubscribeUrl: string; dashboardUrl: string; pause: LinkView }> {
  const unsubscribeUrl = await actionUrl(deps, 'pause', userId, userId);
  return {
    unsubscribeUrl,
    // Signs its reader in (one button, as every link in a mail).
    dashboardUrl: await openLinkUrl(deps, userId),
    pause: { label: 'Pause all prompts', url: unsubscribeUrl },
  };
}

function draftView(draft: Draft, editUrl?: string): DraftView {
  return { ...draft, mailto: mailtoUrl(draft.to, draft.subject, draft.body), editUrl };
}

function companyOf(interview: Interview, app?: Application): string {
  return app?.company || interview.company || '';
}

function peopleText(interviews: Interview[]): string {
  const names = interviews.flatMap((i) => i.interviewers.map((p) => p.name ?? p.email ?? ''));
  return [...new Set(names.filter(Boolean))].join(', ') || 'not listed in the invitation';
}

function whenText(interview: Interview, zone: string): string {
  return `${formatInZone(interview.start, zone)} – ${formatTime(interview.end, zone)}`;
}

export async function prepView(
  deps: LinkDeps,
  settings: Settings,
  interview: Interview,
): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  const notInterview = await actionUrl(deps, 'not-interview', settings.userId, interview.id);
  const company = companyOf(interview);
  // The real lead time: a late invite or a retry sends later than the setting says.
  const lead = Math.max(0, Math.round((Date.parse(interview.start) - deps.clock.now().getTime()) / 60_000));
  const starts = formatTime(interview.start, settings.timeZone);
  return {
    kind: 'prep',
    to: settings.email,
    subject: `Coming up: ${interview.title}`,
    preview: `Starts at ${starts} with ${peopleText([interview])}.`,
    headline: `Your interview${company ? ` with ${company}` : ''} starts at ${starts}`,
    why: `Sent ${lead} minute${lead === 1 ? '' : 's'} before "${interview.title}" (${formatInZone(interview.start, settings.timeZone)}), because prep prompts are on in your settings (${settings.prepMinutesBefore} minutes ahead).`,
    facts: [
      { label: 'When', value: whenText(interview, settings.timeZone) },
      { label: 'With', value: peopleText([interview]) },
      ...(interview.role ? [{ label: 'Role', value: interview.role }] : []),
      ...(interview.onlineMeetingUrl
        ? [{ label: 'Join', value: interview.onlineMeetingUrl, url: interview.onlineMeetingUrl }]
        : []),
      ...(interview.location ? [{ label: 'Where', value: interview.location }] : []),
    ],
    items: [
      {
        heading: 'A few minutes of prep',
        body: [
          `Names as in the invite: ${peopleText([interview])}.`,
          'Note the key responsibilities of the role and the attributes they look for.',
          'Ask about next steps: their timeline, and when it is appropriate to follow up.',
        ].join('\n'),
        actions: [],
      },
    ],
    // Pause sits in every mail's footer.
    actions: [{ label: 'Not an interview', url: notInterview }],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}

export async function thankYouView(
  deps: LinkDeps & Pick<Deps, 'store'>,
  settings: Settings,
  interviews: Interview[],
  app: Application | undefined,
  tasks: Task[],
): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  const first = interviews[0]!;
  const last = interviews.at(-1)!;
  const company = companyOf(first, app);
  const signature = signatureOf(settings);
  const appInfo = { company, role: app?.role ?? first.role };
  const items: PromptItem[] = [];
  const drafts = await loopThankYous(deps, settings, interviews, app);
  for (const task of tasks.filter((t) => t.kind === 'thank-you')) {
    const draft = drafts.get(draftKey(task.interviewId ?? '', task.interviewer?.key ?? ''));
    if (!draft) continue;
    items.push({
      heading: `Thank ${task.interviewer?.name ?? task.interviewer?.email ?? 'your interviewer'}`,
      body: task.interviewer?.email
        ? undefined
        : 'No address in the invitation: ask the recruiter for it (below).',
      draft: draftView(draft, await actionUrl(deps, 'draft', settings.userId, task.id)),
      actions: [
        { label: 'Mark as sent', url: await actionUrl(deps, 'thank-you-sent', settings.userId, task.id) },
      ],
    });
  }
  const askTasks = tasks.filter((t) => t.kind === 'ask-address');
  if (askTasks.length > 0) {
    const names = askTasks.map((t) => t.interviewer?.name ?? '').filter(Boolean);
    const draft = askAddressDraft(app?.contact ?? first.organizer, names, appInfo, signature);
    items.push({
      heading: 'Ask the recruiter for the missing addresses',
      draft: draftView(draft, await actionUrl(deps, 'draft', settings.userId, askTasks[0]!.id)),
      actions: [
        { label: 'Done', url: await actionUrl(deps, 'thank-you-sent', settings.userId, askTasks[0]!.id) },
      ],
    });
  }
  if (items.length === 0) {
    items.push({
      heading: 'No interviewers were listed',
      body: 'Send your thanks to the recruiter or the person who invited you, and record who you met.',
      actions: [],
    });
  }
  const titles = interviews.map((i) => `"${i.title}"`).join(', ');
  const thanked = tasks.filter((t) => t.kind === 'thank-you').length;
  return {
    kind: 'thank-you',
    to: settings.email,
    subject: `Send your thank-you notes${company ? `: ${company}` : ''}`,
    preview:
      thanked > 0
        ? `${thanked} draft${thanked === 1 ? '' : 's'} ready: ${peopleText(interviews)}.`
        : 'Record who you met and send your thanks.',
    headline: `${interviews.length > 1 ? 'Your interviews' : 'Your interview'}${company ? ` with ${company}` : ''} just ended: time for thank-you notes`,
    why: `Sent because ${titles} ended at ${formatInZone(last.end, settings.timeZone)}. Afterview prompts thank-you notes right after an interview, one draft per interviewer.`,
    facts: [
      { label: 'When', value: interviews.map((i) => whenText(i, settings.timeZone)).join('; ') },
      { label: 'With', value: peopleText(interviews) },
      ...(appInfo.role ? [{ label: 'Role', value: appInfo.role }] : []),
    ],
    items,
    actions: [
      {
        label: 'Record notes and the timeline they gave',
        url: await actionUrl(deps, 'notes', settings.userId, last.id),
      },
      {
        label: 'They said when…',
        url: await actionUrl(deps, 'timeline', settings.userId, last.applicationId),
      },
      {
        label: 'I heard back',
        url: await actionUrl(deps, 'heard-back', settings.userId, last.applicationId),
      },
      { label: 'Not an interview', url: await actionUrl(deps, 'not-interview', settings.userId, last.id) },
    ],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}

export async function statusCheckView(
  deps: LinkDeps,
  settings: Settings,
  app: Application,
  interviews: Interview[],
  task: Task,
): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  const last = [...interviews].sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
  const draft = statusCheckDraft(app, lastRound(last, settings.timeZone), signatureOf(settings));
  const rule = app.timeline
    ? app.timeline.kind === 'days'
      ? `the ${app.timeline.days} business days they gave you`
      : `the date they gave you (${app.timeline.date})`
    : `your default waiting window of ${settings.waitingWindowDays} business days`;
  return {
    kind: 'status-check',
    to: settings.email,
    subject: `Time to check in${app.company ? ` with ${app.company}` : ''}`,
    preview: `A polite status-check draft${app.contact?.name ? ` to ${app.contact.name}` : ''} is ready.`,
    headline: `No news${app.company ? ` from ${app.company}` : ''}? A polite status check is in order`,
    why: `Sent because ${rule} passed since "${last?.title ?? 'your interview'}" on ${last ? formatInZone(last.end, settings.timeZone) : 'an earlier date'}, and Afterview has not seen a later interview or news.`,
    facts: [
      ...(app.role ? [{ label: 'Role', value: app.role }] : []),
      { label: 'Last interview', value: last ? whenText(last, settings.timeZone) : 'unknown' },
      ...(app.contact ? [{ label: 'Contact', value: app.contact.name ?? app.contact.email ?? '' }] : []),
    ],
    items: [
      {
        heading: `Ask ${app.contact?.name ?? 'the recruiter or hiring manager'} about the status`,
        draft: draftView(draft, await actionUrl(deps, 'draft', settings.userId, task.id)),
        actions: [
          { label: 'Mark as sent', url: await actionUrl(deps, 'thank-you-sent', settings.userId, task.id) },
          { label: 'Remind me tomorrow', url: await actionUrl(deps, 'snooze', settings.userId, task.id) },
        ],
      },
    ],
    actions: [
      { label: 'I heard back', url: await actionUrl(deps, 'heard-back', settings.userId, app.id) },
      { label: 'They said when…', url: await actionUrl(deps, 'timeline', settings.userId, app.id) },
      ...(last
        ? [
            {
              label: 'Not an interview',
              url: await actionUrl(deps, 'not-interview', settings.userId, last.id),
            },
          ]
        : []),
    ],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}

const PROVIDER_NAMES: Record<Connection['provider'], string> = {
  google: 'Google Calendar',
  microsoft: 'Outlook Calendar',
  ics: 'calendar address',
  demo: 'demo calendar',
};

/** "We lost your calendar": told once, naming the provider and account, with the way back in. */
export async function connectionBrokenView(
  deps: LinkDeps,
  settings: Settings,
  connection: Connection,
): Promise<PromptView> {
  const links = await commonLinks(deps, settings.userId);
  const provider = PROVIDER_NAMES[connection.provider];
  const account = connection.accountEmail ?? connection.calendarId;
  const oauth = connection.provider === 'google' || connection.provider === 'microsoft';
  const reconnect = oauth
    ? [
        {
          label: `Reconnect ${provider}`,
          url: `${deps.baseUrl.replace(/\/$/, '')}/connect/${connection.provider}`,
        },
      ]
    : [];
  return {
    kind: 'connection-broken',
    to: settings.email,
    subject: `Afterview lost access to your ${provider} (${account})`,
    headline: `Reconnect ${provider} to keep your follow-ups coming`,
    why: `Sent because your ${provider} connection for ${account} stopped working (${connection.brokenReason ?? 'access was revoked'}). Afterview tells you once and stops reading it until you reconnect.`,
    facts: [{ label: 'Calendar', value: `${provider}: ${account}` }],
    items: [],
    actions: [...reconnect, { label: 'Open Afterview', url: links.dashboardUrl }],
    unsubscribeUrl: links.unsubscribeUrl,
    dashboardUrl: links.dashboardUrl,
  };
}
