/**
 * Hostile links and forms: thousands of malformed, forged, expired or
 * mis-purposed tokens, and random forms on genuine tokens. Every one ends in
 * a result or a clear error (link rejected, form invalid, target gone),
 * never another error, and a rejected one changes no stored item.
 */

import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { HmacLinkSigner } from '../../functions/adapters/links/hmac-signer.js';
import { createActions } from '../../functions/core/actions.js';
import { LinkRejectedError, NotFoundError, ValidationError } from '../../functions/core/errors.js';
import { defaultSettings } from '../../functions/core/model.js';
import type { Deps, PromptRenderer } from '../../functions/core/ports.js';
import { ActionPurpose, actionUrl } from '../../functions/core/prompts/action-links.js';
import { VirtualClock } from '../../sim/fakes/clock.js';
import { MemoryStore } from '../../sim/fakes/memory-store.js';

const NOW = new Date('2026-10-20T12:00:00Z');
const userId = 'u-prop';
const SECRET = 'property-test-link-signing-secret-0123456789';

const renderer: PromptRenderer = { render: () => ({ subject: '', html: '', text: '' }) };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

let store: MemoryStore;
let deps: Deps;

beforeEach(async () => {
  store = new MemoryStore();
  let n = 0;
  deps = {
    store,
    scheduler: { upsert: async () => {}, cancel: async () => {} },
    mailer: { send: async () => ({ messageId: 'x' }) },
    renderer,
    clock: new VirtualClock(NOW),
    ids: { next: () => `id${++n}` },
    links: new HmacLinkSigner(SECRET),
    baseUrl: 'https://afterview.example',
    log: quiet,
  };
  await store.put(
    'settings',
    defaultSettings({
      userId,
      email: 'prop@mail.example',
      timeZone: 'Europe/Berlin',
      createdAt: '2026-10-01T00:00:00Z',
    }),
  );
  await store.put('application', {
    userId,
    id: 'app-1',
    version: 0,
    company: 'Acme',
    status: 'active',
    statusCheckWaived: false,
  });
});

const clear = (error: unknown) =>
  error instanceof LinkRejectedError || error instanceof ValidationError || error instanceof NotFoundError;

/** Runs perform; returns the error it threw (or undefined), failing on anything unclear. */
async function attempt(token: string, form: Record<string, string>): Promise<unknown> {
  try {
    await createActions(deps).perform(token, form);
    return undefined;
  } catch (error) {
    if (!clear(error)) throw error;
    return error;
  }
}

const jwtPart = fc.base64String().map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
const hostileToken = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(jwtPart, jwtPart, jwtPart).map((parts) => parts.join('.')),
  fc.constantFrom('', '.', '..', 'eyJhbGciOiJub25lIn0.eyJwIjoicGF1c2UifQ.', 'a'.repeat(5000)),
);
const form = fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 3000 }), { maxKeys: 6 });

describe('action links under hostile input', () => {
  it('rejects malformed and forged tokens clearly and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileToken, form, async (token, fields) => {
        const before = store.snapshot();
        const error = await attempt(token, fields);
        expect(error).toBeInstanceOf(LinkRejectedError);
        expect(store.snapshot()).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects tokens signed with another key, expired ones and ones with bad claims', async () => {
    const other = new HmacLinkSigner('another-deployments-secret-0123456789abcdef');
    const claims = fc.dictionary(fc.constantFrom('p', 'u', 't', 'n', 'x'), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(claims, fc.boolean(), async (raw, forged) => {
        const signer = forged ? other : deps.links;
        const token = await signer.sign(raw, 60, new Date(NOW.getTime() - (forged ? 0 : 3_600_000)));
        const before = store.snapshot();
        expect(await attempt(token, {})).toBeInstanceOf(LinkRejectedError);
        expect(store.snapshot()).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('answers genuine links with random forms by acting or by a clear error; a rejected form changes nothing', async () => {
    const purpose = fc.constantFrom(...ActionPurpose.options);
    const target = fc.constantFrom('app-1', 'missing', userId);
    await fc.assert(
      fc.asyncProperty(purpose, target, form, async (p, t, fields) => {
        const token = (await actionUrl(deps, p, userId, t)).split('/a/')[1]!;
        const before = store.snapshot();
        const error = await attempt(token, fields);
        if (error instanceof ValidationError || error instanceof LinkRejectedError) {
          expect(store.snapshot()).toBe(before);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('lets a genuine single-use link act once, then rejects it as used', async () => {
    const token = (await actionUrl(deps, 'heard-back', userId, 'app-1')).split('/a/')[1]!;
    expect(await attempt(token, { outcome: 'offer' })).toBeUndefined();
    const before = store.snapshot();
    expect(await attempt(token, { outcome: 'offer' })).toMatchObject({ reason: 'used' });
    expect(store.snapshot()).toBe(before);
  });
});
