import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../nag.js';

/** Steady-state and burst limits for the whole stage: one person's app, with room for webhook bursts. */
export const THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

/** Webhook routes, each answered by the webhook function. */
export const WEBHOOK_ROUTES = ['/webhooks/google', '/webhooks/microsoft'] as const;

/** One JSON line per request; no query strings or bodies (signed tokens and calendar data stay out of logs). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  route: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
});

export interface WebApiProps {
  /** Custom domain; the API's own URL is used without it. */
  domainName?: string | undefined;
}

/**
 * The HTTP API: the web app (`api`, on the `$default` route) and the
 * calendar webhooks (`webhook`, on explicit POST routes), one `$default`
 * stage with throttling and JSON access logs, and an optional custom domain
 * whose certificate is validated by DNS.
 */
export class WebApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly customDomain: DomainName | undefined;
  /** The public base URL, without a trailing slash. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      description: 'Afterview web app and calendar webhooks',
      createDefaultStage: false,
      // With a custom domain, one public address: the execute-api URL is turned off.
      disableExecuteApiEndpoint: props.domainName !== undefined,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (props.domainName !== undefined) {
      const certificate = new Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: CertificateValidation.fromDns(),
      });
      this.customDomain = new DomainName(this, 'Domain', { domainName: props.domainName, certificate });
    }
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
      ...(this.customDomain ? { domainMapping: { domainName: this.customDomain } } : {}),
    });
    acknowledgeNag(
      this,
      'AwsSolutions-APIG4',
      'Public by design: the web app authenticates by its own sign-in session and signed expiring links, webhooks by the Google channel token or Graph clientState, all checked in the function; no API Gateway authorizer can check these.',
    );
    this.baseUrl = props.domainName !== undefined ? `https://${props.domainName}` : this.httpApi.apiEndpoint;
  }

  /** Routes everything that is not a webhook to the web app function (the `$default` route). */
  serveApp(fn: LambdaFunction): void {
    new HttpRoute(this, 'AppRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('App', fn),
    });
  }

  /** Routes the provider webhooks (POST only) to the webhook function. */
  serveWebhooks(fn: LambdaFunction): void {
    const integration = new HttpLambdaIntegration('Webhooks', fn);
    for (const path of WEBHOOK_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.POST], integration });
    }
  }
}
