import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeNag, wildcardResourceFinding } from '../nag.js';

export interface MailSendingProps {
  /** The verified SES identity prompts are sent from. */
  senderEmail: string;
}

/**
 * Sending prompt mails through SES v2. The identity is the deployer's to
 * verify (README, Deploying), so the stack creates none; it only grants
 * sending, and only as the sender address.
 */
export class MailSending extends Construct {
  readonly senderEmail: string;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    this.senderEmail = props.senderEmail;
  }

  /** The identities a send is authorised against (`identity/*` of this account and region). */
  identitiesArn(): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
  }

  /**
   * Lets a function send mail from the sender address only (`SENDER_EMAIL`).
   * SES v2 `SendEmail` is authorised as `ses:SendEmail` whatever its content,
   * raw MIME included; `ses:SendRawEmail` is the v1 API's, which we never call.
   * The resource is every identity because SES authorises a send against
   * the sender's identity (an address or its domain, whichever the deployer
   * verified) and, in the SES sandbox, against each recipient's identity
   * too; the `ses:FromAddress` condition is what pins it to our sender.
   */
  grantSend(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identitiesArn()],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderEmail } },
      }),
    );
    acknowledgeNag(
      fn.role!,
      wildcardResourceFinding('arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*'),
      'SES authorises a send against the identity the deployer verified (address or domain) and, in the sandbox, each recipient; ses:FromAddress pins it to our sender.',
    );
    fn.addEnvironment('SENDER_EMAIL', this.senderEmail);
  }
}
