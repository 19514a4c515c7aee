/**
 * Deploy-context variants and failure modes, synthesised without bundling
 * (the code is covered by stack.test.ts): a custom domain, alarm mail, the
 * waiting window, a bad context, and a cdk-nag finding nobody acknowledged.
 */

import type { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { DeployConfigError } from '../../infra/config.js';
import { environmentOf, freshOutdir, removeAssemblies, synthesise, TEST_CONTEXT } from './synth.js';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

afterAll(removeAssemblies);

describe('with every optional context value', () => {
  let template: Template;
  let outputs: Record<string, { Value: unknown }>;
  beforeAll(() => {
    ({ template } = synthesise(
      { alarmEmail: 'ops@example.com', domainName: 'Afterview.Example.org', waitingWindowDays: '7' },
      { bundle: false },
    ));
    outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  }, 120_000);

  it('serves the app on the custom domain, with a DNS-validated certificate', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'afterview.example.org',
      ValidationMethod: 'DNS',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'afterview.example.org' });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    // One public address: the execute-api URL is off.
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
  });

  it('uses the domain in links and outputs, and says where to point the DNS name', () => {
    for (const name of ['api', 'sync', 'followup']) {
      expect(environmentOf(template, name).BASE_URL).toBe('https://afterview.example.org');
    }
    expect(outputs.ApiUrl?.Value).toBe('https://afterview.example.org');
    expect(outputs.GoogleRedirectUri?.Value).toBe('https://afterview.example.org/oauth/google/callback');
    expect(outputs.MicrosoftWebhookUrl?.Value).toBe('https://afterview.example.org/webhooks/microsoft');
    expect(outputs.CustomDomainTarget?.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^WebDomain/), 'RegionalDomainName'],
    });
  });

  it('subscribes the alarm email to the topic, and sends operator alerts there', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    expect(environmentOf(template, 'maintenance').OPERATOR_EMAIL).toBe('ops@example.com');
  });

  it('hands the default waiting window to the web app only, and to connect-ics as an output', () => {
    expect(environmentOf(template, 'api').WAITING_WINDOW_DAYS).toBe('7');
    expect(outputs.DefaultWaitingWindowDays?.Value).toBe('7');
    for (const name of ['webhook', 'sync', 'followup', 'maintenance']) {
      expect(environmentOf(template, name).WAITING_WINDOW_DAYS).toBeUndefined();
    }
  });
});

describe('synthesis fails', () => {
  it('on a missing or malformed context value, naming the key', () => {
    expect(() =>
      buildApp({
        appProps: { outdir: freshOutdir(), context: { allowList: '@example.org', ...NO_BUNDLING } },
      }),
    ).toThrow(/senderEmail: required/);
    expect(() =>
      buildApp({
        appProps: {
          outdir: freshOutdir(),
          context: { ...TEST_CONTEXT, waitingWindowDays: '90', ...NO_BUNDLING },
        },
      }),
    ).toThrow(DeployConfigError);
  });

  it('on a cdk-nag finding that nobody acknowledged', () => {
    const { app, stack } = buildApp({
      appProps: { outdir: freshOutdir(), context: { ...TEST_CONTEXT, ...NO_BUNDLING } },
    });
    stack.functions.webhook.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }),
    );

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::\*\]/);
  }, 120_000);
});

describe('stack name', () => {
  it('comes from -c stackName, and names the schedule group', () => {
    const { stack, template } = synthesise({ stackName: 'AfterviewStaging' }, { bundle: false });

    expect(stack.stackName).toBe('AfterviewStaging');
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'AfterviewStaging-followups' });
  }, 120_000);
});
