import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on `scope` and everything under it. Kept
 * next to the code that causes the finding, so the reason sits where a
 * reviewer reads the grant. `id` is the rule, or `Rule[finding]` for rules
 * that report several findings (IAM5).
 */
export function acknowledgeNag(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The IAM5 finding id cdk-nag reports for a wildcard resource, in its rendered form. */
export function wildcardResourceFinding(renderedArn: string): string {
  return `AwsSolutions-IAM5[Resource::${renderedArn}]`;
}
