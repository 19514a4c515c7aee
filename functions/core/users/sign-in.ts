/**
 * Passwordless sign-in. A person asks for a link by email; only addresses on
 * the allow-list get one, and the answer is the same either way. Every prompt
 * mail also carries a link that signs its reader in. Links are signed,
 * expiring and single-use, and like every link in a mail they never act on
 * GET: the page they open has one button, and pressing it signs in.
 */
import { z } from 'zod';
import { LinkRejectedError, NotFoundError } from '../errors.js';
import type { MailMessage } from '../model.js';
import type { Deps } from '../ports.js';
import { toInstant } from '../timing.js';
import { type AllowList, isAllowed, normalizeAddress } from './allow-list.js';
import { findOrCreateAllowedUser, type NewUserDefaults, NotAllowedError } from './find-or-create-user.js';
import { type RateLimit, withinLimit } from './rate-limit.js';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** A link asked for on the sign-in page is for now; one in a prompt mail for the days it is read in. */
export const LINK_TTL_SECONDS = { 'sign-in': 15 * MINUTE, open: 14 * DAY } as const;

/** Per address: a few links an hour. Per client: enough for a household behind one address. */
export const SIGN_IN_LIMITS = {
  address: { limit: 5, windowMs: 60 * 60 * 1000 },
  client: { limit: 30, windowMs: 60 * 60 * 1000 },
} as const satisfies Record<string, RateLimit>;

const SignInClaims = z.discriminatedUnion('p', [
  /** Asked for on the sign-in page: the account may not exist yet. */
  z.object({ p: z.literal('sign-in'), e: z.email(), n: z.string().min(1) }),
  /** From a prompt mail: the account exists. */
  z.object({ p: z.literal('open'), u: z.string().min(1), n: z.string().min(1) }),
]);
type SignInClaims = z.infer<typeof SignInClaims>;

/** What the sign-in mail says, for the renderer (web/ escapes it). */
export interface SignInMailView {
  to: string;
  url: string;
  /** Minutes the link stays valid. */
  validMinutes: number;
}

/** Renders the sign-in mail; `web/` implements it. */
export type SignInMailRenderer = (view: SignInMailView) => Pick<MailMessage, 'subject' | 'html' | 'text'>;

export interface SignInPolicy {
  allowList: AllowList;
  /** Settings of an account created at its first sign-in. */
  newUser: NewUserDefaults;
}

type LinkDeps = Pick<Deps, 'links' | 'clock' | 'ids' | 'baseUrl'>;

/**
 * - `sent`: a link went out.
 * - `ignored`: not on the allow-list (or not an address); nothing sent. Shown
 *   to the person exactly as `sent`.
 * - `limited`: too many asks for this address or from this client.
 */
export type SignInRequestOutcome = 'sent' | 'ignored' | 'limited';

/**
 * Handles "email me a sign-in link". Both limits are counted before the
 * allow-list is consulted, so being limited says nothing about the list.
 */
export async function requestSignInLink(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'links' | 'baseUrl' | 'mailer' | 'log'>,
  request: { email: string; client: string },
  policy: Pick<SignInPolicy, 'allowList'>,
  render: SignInMailRenderer,
): Promise<SignInRequestOutcome> {
  const email = normalizeAddress(request.email);
  const clientOk = await withinLimit(deps, 'sign-in-client', request.client, SIGN_IN_LIMITS.client);
  const addressOk = await withinLimit(deps, 'sign-in-address', email, SIGN_IN_LIMITS.address);
  if (!clientOk || !addressOk) return 'limited';
  if (!isAllowed(email, policy.allowList)) return 'ignored';
  const url = await signInLinkUrl(deps, { p: 'sign-in', e: email, n: deps.ids.next() });
  const mail = render({ to: email, url, validMinutes: LINK_TTL_SECONDS['sign-in'] / MINUTE });
  await deps.mailer.send({
    to: email,
    ...mail,
    idempotencyKey: `sign-in#${deps.ids.next()}`,
    tags: { kind: 'sign-in' },
  });
  deps.log.info('sign-in link sent');
  return 'sent';
}

/** The link in every prompt mail that opens the dashboard signed in. */
export function openLinkUrl(deps: LinkDeps, userId: string): Promise<string> {
  return signInLinkUrl(deps, { p: 'open', u: userId, n: deps.ids.next() });
}

/** What the one-button page shows: who the link signs in. Acts on nothing. */
export async function describeSignInLink(
  deps: Pick<Deps, 'store' | 'links' | 'clock'>,
  token: string,
): Promise<{ email: string; userId?: string }> {
  const claims = await readClaims(deps, token);
  if (claims.p === 'sign-in') return { email: claims.e };
  const settings = await deps.store.get('settings', claims.u, claims.u);
  if (!settings) throw new NotFoundError('This account no longer exists.');
  return { email: settings.email, userId: settings.userId };
}

/**
 * Signs in with a link (the button's POST): checks it, uses it up, and finds
 * or creates the account. Throws `LinkRejectedError` for a forged, expired or
 * used link and `NotAllowedError` when the address left the allow-list.
 * Returns the user id to start a session for.
 */
export async function redeemSignInLink(
  deps: Pick<Deps, 'store' | 'links' | 'clock'>,
  token: string,
  policy: SignInPolicy,
): Promise<string> {
  const claims = await readClaims(deps, token);
  const email =
    claims.p === 'sign-in' ? claims.e : (await deps.store.get('settings', claims.u, claims.u))?.email;
  if (email === undefined) throw new NotFoundError('This account no longer exists.');
  if (!isAllowed(email, policy.allowList)) throw new NotAllowedError();
  const until = toInstant(new Date(deps.clock.now().getTime() + LINK_TTL_SECONDS[claims.p] * 1000));
  if (!(await deps.store.useOnce(`sign-in#${claims.n}`, until))) throw new LinkRejectedError('used');
  const { settings } = await findOrCreateAllowedUser(deps, email, policy.allowList, policy.newUser);
  return settings.userId;
}

async function signInLinkUrl(deps: LinkDeps, claims: SignInClaims): Promise<string> {
  const token = await deps.links.sign(claims, LINK_TTL_SECONDS[claims.p], deps.clock.now());
  return `${deps.baseUrl.replace(/\/$/, '')}/s/${token}`;
}

async function readClaims(deps: Pick<Deps, 'links' | 'clock'>, token: string): Promise<SignInClaims> {
  const parsed = SignInClaims.safeParse(await deps.links.verify(token, deps.clock.now()));
  if (!parsed.success) throw new LinkRejectedError('purpose');
  return parsed.data;
}
