/** One attendee for detection tests: a person who accepted, unless `extra` says otherwise. */
import type { Attendee } from '../../functions/core/model.js';

export function person(email: string | undefined, name?: string, extra: Partial<Attendee> = {}): Attendee {
  return {
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    response: 'accepted',
    kind: 'person',
    self: false,
    organizer: false,
    optional: false,
    ...extra,
  };
}
