/**
 * Synthesises the Afterview app for infra tests, the way `cdk synth` does
 * (same `buildApp`, cdk-nag included), into a temporary cloud assembly.
 * Synthesis with bundling is slow: call it once per test file (beforeAll).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { AfterviewStack } from '../../infra/afterview-stack.js';
import { buildApp } from '../../infra/build-app.js';

/** The smallest valid deploy context. */
export const TEST_CONTEXT = {
  senderEmail: 'prompts@example.com',
  allowList: 'ada@example.com, @Example.org',
};

export interface Synthesised {
  app: App;
  /** The cloud assembly folder (bundled assets live in `asset.<hash>/`). */
  outdir: string;
  stack: AfterviewStack;
  template: Template;
}

const assemblies: string[] = [];

/** Deletes the cloud assemblies this file synthesised (call in `afterAll`). */
export function removeAssemblies(): void {
  for (const dir of assemblies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary cloud assembly folder, deleted by `removeAssemblies`. */
export function freshOutdir(): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'afterview-cdk-'));
  assemblies.push(outdir);
  return outdir;
}

/**
 * Builds and synthesises the app. `bundle: false` skips esbuild (the code
 * assets become placeholders) for tests about configuration, not code.
 * Throws what `cdk synth` would print: bad context, bundling or nag failures.
 */
export function synthesise(
  context: Record<string, unknown> = {},
  options: { bundle?: boolean } = {},
): Synthesised {
  const outdir = freshOutdir();
  const { app, stack } = buildApp({
    appProps: {
      outdir,
      context: {
        ...TEST_CONTEXT,
        ...context,
        ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      },
    },
  });
  app.synth();
  return { app, outdir, stack, template: Template.fromStack(stack) };
}

type Json = Record<string, unknown>;

/** Logical id of the function whose Powertools service is `afterview-<name>`. */
export function functionId(template: Template, name: string): string {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: `afterview-${name}` } } },
  });
  const ids = Object.keys(functions);
  if (ids.length !== 1) throw new Error(`expected one ${name} function, found ${ids.length}`);
  return ids[0]!;
}

/** The function resource's properties. */
export function functionProps(template: Template, name: string): Json {
  const all = template.toJSON().Resources as Record<string, { Properties: Json }>;
  return all[functionId(template, name)]!.Properties;
}

/** The environment variables of one function. */
export function environmentOf(template: Template, name: string): Record<string, unknown> {
  const props = functionProps(template, name) as { Environment: { Variables: Record<string, unknown> } };
  return props.Environment.Variables;
}

/** Logical id of the role a function runs as. */
export function roleIdOf(template: Template, name: string): string {
  const role = functionProps(template, name).Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

/** Every statement of every policy attached to a role (inline and `AWS::IAM::Policy`). */
export function statementsOf(template: Template, roleId: string): Statement[] {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
  const statements: Statement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const roles = resource.Properties.Roles as Array<{ Ref: string }>;
    if (!roles.some((role) => role.Ref === roleId)) continue;
    statements.push(...((resource.Properties.PolicyDocument as { Statement: Statement[] }).Statement ?? []));
  }
  const role = resources[roleId]!.Properties as {
    Policies?: Array<{ PolicyDocument: { Statement: Statement[] } }>;
  };
  for (const policy of role.Policies ?? []) statements.push(...policy.PolicyDocument.Statement);
  return statements;
}

/** The sorted, distinct actions a role may take. */
export function actionsOf(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

/** The resources of the statements that grant `action`, as they appear in the template. */
export function resourcesFor(statements: Statement[], action: string): unknown[] {
  return statements
    .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

/** Replaces content hashes (asset keys, bundle hashes) so a snapshot survives code changes. */
export function redactHashes(template: Template): unknown {
  return JSON.parse(JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}/g, '<hash>'));
}
