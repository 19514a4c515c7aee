/**
 * Where Afterview meets Microsoft, and as whom: the app registration's
 * client id and secret, the tenant (`common` takes work, school and personal
 * accounts), and the two endpoints, which tests point at a local server.
 */
import { z } from 'zod';
import { readConfig } from '../../config.js';

export interface MicrosoftConfig {
  clientId: string;
  clientSecret: string;
  tenant: string;
  /** Stands for https://login.microsoftonline.com; the authority is `{loginBase}/{tenant}`. */
  loginBase: string;
  /** Stands for https://graph.microsoft.com; requests go to `{graphBase}/v1.0/...`. */
  graphBase: string;
}

export const MICROSOFT_LOGIN_BASE = 'https://login.microsoftonline.com';
export const MICROSOFT_GRAPH_BASE = 'https://graph.microsoft.com';

// MSAL takes only https authorities, and the Graph client hands tokens only to https hosts.
const HttpsBase = z
  .string()
  .url()
  .regex(
    /^https:\/\/[^/?#]+$/,
    'must be an https origin without a path, e.g. https://login.microsoftonline.com',
  );

const Endpoints = z.object({
  MS_LOGIN_BASE_URL: HttpsBase.default(MICROSOFT_LOGIN_BASE),
  MS_GRAPH_BASE_URL: HttpsBase.default(MICROSOFT_GRAPH_BASE),
});

/** The two endpoints, checked; the cloud reads the app itself from the OAuth secret. */
export function microsoftEndpoints(
  env: Record<string, string | undefined> = process.env,
): Pick<MicrosoftConfig, 'loginBase' | 'graphBase'> {
  const c = readConfig(Endpoints, env);
  return { loginBase: c.MS_LOGIN_BASE_URL, graphBase: c.MS_GRAPH_BASE_URL };
}

const Env = Endpoints.extend({
  MICROSOFT_CLIENT_ID: z.string().min(1),
  MICROSOFT_CLIENT_SECRET: z.string().min(1),
  MICROSOFT_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9.-]{1,100}$/, 'must be common, organizations, consumers, a tenant id or domain')
    .default('common'),
});

/** Reads the Microsoft settings from the environment; throws `ConfigError` naming what is wrong. */
export function microsoftConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): MicrosoftConfig {
  const c = readConfig(Env, env);
  return {
    clientId: c.MICROSOFT_CLIENT_ID,
    clientSecret: c.MICROSOFT_CLIENT_SECRET,
    tenant: c.MICROSOFT_TENANT,
    loginBase: c.MS_LOGIN_BASE_URL,
    graphBase: c.MS_GRAPH_BASE_URL,
  };
}

/** True when the environment names a Microsoft app at all (the local runner offers Outlook then). */
export function microsoftConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.MICROSOFT_CLIENT_ID?.trim());
}
