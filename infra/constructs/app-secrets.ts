import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { REFRESH_TOKEN_CONTEXT } from '../../functions/contracts/token-context.js';
import { acknowledgeNag } from '../nag.js';

/**
 * The shape of the OAuth client secret the deployer puts after registering
 * the Google and Microsoft apps. The stack creates it with empty values so
 * that a deploy never needs the secrets on the command line.
 */
export const OAUTH_SECRET_TEMPLATE = {
  google: { clientId: '', clientSecret: '' },
  microsoft: { clientId: '', clientSecret: '', tenant: 'common' },
} as const;

/**
 * Secrets and keys: the link-signing key (generated here, never seen by a
 * person), the OAuth client secrets (put by the deployer), and the KMS key
 * that encrypts refresh tokens at rest.
 */
export class AppSecrets extends Construct {
  readonly linkKey: Secret;
  readonly oauth: Secret;
  readonly tokenKey: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.linkKey = new Secret(this, 'LinkKey', {
      description: 'Afterview: HMAC key that signs the action links in prompt mails (generated)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    this.oauth = new Secret(this, 'OAuthClients', {
      description: 'Afterview: Google and Microsoft OAuth client ids and secrets (put by the deployer)',
      // A placeholder, not a secret: the deployer replaces it with put-secret-value,
      // and later deploys leave the value they put alone, as long as this template
      // does not change (a change would overwrite the deployer's value).
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(OAUTH_SECRET_TEMPLATE)),
    });
    acknowledgeNag(
      this.linkKey,
      'AwsSolutions-SMG4',
      'Rotating the link key would break every link in mails already sent (pause links live a year); it never leaves Secrets Manager and the functions.',
    );
    acknowledgeNag(
      this.oauth,
      'AwsSolutions-SMG4',
      'Client secrets are issued and rotated in the Google and Microsoft consoles and put here by the deployer; a rotation Lambda cannot do that.',
    );
    this.tokenKey = new Key(this, 'TokenKey', {
      description: 'Afterview: encrypts calendar refresh tokens at rest',
      enableKeyRotation: true,
      // Retained with the table: the tokens stored there stay readable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets a function read the link-signing key (`LINK_KEY_SECRET_ARN`). */
  grantReadLinkKey(fn: LambdaFunction): void {
    this.linkKey.grantRead(fn);
    fn.addEnvironment('LINK_KEY_SECRET_ARN', this.linkKey.secretArn);
  }

  /** Lets a function read the OAuth client secrets (`OAUTH_SECRET_ARN`). */
  grantReadOAuthClients(fn: LambdaFunction): void {
    this.oauth.grantRead(fn);
    fn.addEnvironment('OAUTH_SECRET_ARN', this.oauth.secretArn);
  }

  /** Lets a function encrypt refresh tokens, and nothing else with the key (`TOKEN_KEY_ARN`). */
  grantEncryptTokens(fn: LambdaFunction): void {
    this.grantTokenUse(fn, 'kms:Encrypt');
  }

  /** Lets a function decrypt refresh tokens, and nothing else with the key (`TOKEN_KEY_ARN`). */
  grantDecryptTokens(fn: LambdaFunction): void {
    this.grantTokenUse(fn, 'kms:Decrypt');
  }

  private grantTokenUse(fn: LambdaFunction, action: 'kms:Encrypt' | 'kms:Decrypt'): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [action],
        resources: [this.tokenKey.keyArn],
        // Bound to the vault's encryption context: the key cannot be used for anything else.
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': REFRESH_TOKEN_CONTEXT.purpose } },
      }),
    );
    fn.addEnvironment('TOKEN_KEY_ARN', this.tokenKey.keyArn);
  }
}
