/**
 * Bugs injected through the ports, one at a time: decorators around the
 * scheduler, mailer, store and calendar that the core is handed in place of
 * the real ones. No source is patched; each mutant misbehaves the way a real
 * bug in the code behind that port would. The checker must fail on every one
 * (test/sim/mutants.test.ts).
 */
import type {
  Application,
  EventChange,
  FollowupPayload,
  Interview,
  MailMessage,
} from '../functions/core/model.js';
import type { CalendarProvider, ChangePage, Mailer, Scheduler, Store } from '../functions/core/ports.js';

/** Wrappers for the ports the core is given; an absent one leaves that port alone. */
export interface PortDecorators {
  store?(store: Store): Store;
  scheduler?(scheduler: Scheduler): Scheduler;
  mailer?(mailer: Mailer): Mailer;
  calendar?(provider: CalendarProvider): CalendarProvider;
}

export interface Mutant {
  name: string;
  /** The real bug it stands for. */
  bug: string;
  /** Fresh decorators for one run (some keep state, such as the first time seen). */
  ports: () => PortDecorators;
}

const MINUTE = 60_000;

function scheduling(change: (payload: FollowupPayload, at: string) => string | undefined): PortDecorators {
  return {
    scheduler: (inner) => ({
      upsert: async (request) => {
        const at = change(request.payload, request.at);
        if (at !== undefined) await inner.upsert({ ...request, at });
      },
      cancel: (name) => inner.cancel(name),
    }),
  };
}

function mailing(
  send: (inner: Mailer, message: MailMessage) => Promise<{ messageId: string }>,
): PortDecorators {
  return { mailer: (inner) => ({ send: (message) => send(inner, message) }) };
}

/** A calendar that rewrites (or drops, for `undefined`) each change the core is shown. */
function seeing(rewrite: (change: EventChange) => EventChange | undefined): PortDecorators {
  return {
    calendar: (inner) => ({
      async *listChanges(connection, token): AsyncIterable<ChangePage> {
        for await (const page of inner.listChanges(connection, token)) {
          const changes = page.changes.map(rewrite).filter((c): c is EventChange => c !== undefined);
          yield { ...page, changes };
        }
      },
    }),
  };
}

/** A store whose list of a user's interviews is bent by `bend` (the core's view, not what is kept). */
function listingInterviews(bend: (interviews: Interview[]) => Interview[]): PortDecorators {
  return {
    store: (inner) =>
      new Proxy(inner, {
        get(target, property, receiver) {
          if (property !== 'list') return Reflect.get(target, property, receiver);
          return async (kind: 'interview', userId: string) => {
            const list = await target.list(kind, userId);
            return kind === 'interview' ? bend(list) : list;
          };
        },
      }),
  };
}

export const MUTANTS: Mutant[] = [
  {
    name: 'drop-status-checks',
    bug: 'status checks are never scheduled',
    ports: () => scheduling((payload, at) => (payload.kind === 'status-check' ? undefined : at)),
  },
  {
    name: 'drop-preps',
    bug: 'preps are never scheduled',
    ports: () => scheduling((payload, at) => (payload.kind === 'prep' ? undefined : at)),
  },
  {
    name: 'drop-thank-yous',
    bug: 'the interview-ended schedule is never made',
    ports: () => scheduling((payload, at) => (payload.kind === 'interview-ended' ? undefined : at)),
  },
  {
    name: 'delay-status-checks',
    bug: 'status checks fire ten minutes after they are due',
    ports: () =>
      scheduling((payload, at) =>
        payload.kind === 'status-check' ? new Date(Date.parse(at) + 10 * MINUTE).toISOString() : at,
      ),
  },
  {
    name: 'delay-thank-yous',
    bug: 'thank-yous fire five minutes after the interview ends',
    ports: () =>
      scheduling((payload, at) =>
        payload.kind === 'interview-ended' ? new Date(Date.parse(at) + 5 * MINUTE).toISOString() : at,
      ),
  },
  {
    name: 'resend-under-another-key',
    bug: 'a thank-you is mailed again under another idempotency key',
    ports: () =>
      mailing(async (inner, message) => {
        const sent = await inner.send(message);
        if (message.tags.kind === 'thank-you')
          await inner.send({ ...message, idempotencyKey: `${message.idempotencyKey}#again` });
        return sent;
      }),
  },
  {
    name: 'misroute-to-another-user',
    bug: 'a prompt is mailed to another user',
    ports: () =>
      mailing((inner, message) =>
        inner.send({
          ...message,
          to: message.to.replace(/^user(\d+)@/, (_, n: string) => `user${Number(n) + 1}@`),
        }),
      ),
  },
  {
    name: 'swap-interviewer-names',
    bug: "one thank-you carries the names of the previous one's interviewers",
    ports: () =>
      (() => {
        let previous: string | undefined;
        return mailing((inner, message) => {
          if (message.tags.kind !== 'thank-you') return inner.send(message);
          const line = message.text.split('\n').find((l) => l.startsWith('With: '));
          const swapped = previous && line ? message.text.replace(line, previous) : message.text;
          previous = line;
          return inner.send({ ...message, text: swapped });
        });
      })(),
  },
  {
    name: 'ignore-moves',
    bug: 'a moved event keeps the time it was first seen at',
    ports: () =>
      (() => {
        const first = new Map<string, { start: string; end: string }>();
        return seeing((change) => {
          if ('removed' in change) return change;
          const seen = first.get(change.eventId);
          if (!seen) {
            first.set(change.eventId, { start: change.start, end: change.end });
            return change;
          }
          return { ...change, ...seen };
        });
      })(),
  },
  {
    name: 'ignore-cancellations',
    bug: 'cancelled and removed events are not applied',
    ports: () =>
      seeing((change) => ('removed' in change || change.status === 'cancelled' ? undefined : change)),
  },
  {
    name: 'stop-recognising-technical-rounds',
    bug: 'technical and coding rounds are no longer recognised as interviews',
    ports: () =>
      seeing((change) =>
        !('removed' in change) && /technical|coding/i.test(change.title) ? undefined : change,
      ),
  },
  {
    name: 'split-loops',
    bug: 'the interviews of one on-site loop are not grouped',
    ports: () =>
      listingInterviews((interviews) =>
        interviews.map((i) => ({ ...i, applicationId: `${i.applicationId}/${i.id}` })),
      ),
  },
  {
    name: 'stale-status-check',
    bug: 'a status check postponed by a later round keeps its postponed date when that round goes away',
    ports: () => ({
      store: (inner: Store): Store =>
        new Proxy(inner, {
          get(target, property, receiver) {
            if (property !== 'put') return Reflect.get(target, property, receiver);
            return async (kind: string, entity: Application) => {
              if (kind === 'application' && entity.statusCheckAt) {
                const stored = await target.get('application', entity.userId, entity.id);
                if (stored?.statusCheckAt && stored.statusCheckAt > entity.statusCheckAt)
                  entity = { ...entity, statusCheckAt: stored.statusCheckAt };
              }
              return target.put(kind as 'application', entity);
            };
          },
        }),
    }),
  },
];
