/**
 * `afterview doctor [--stack NAME] [--region NAME]`: checks a deployed stack
 * with your AWS credentials (read-only) and prints what is fine and what to
 * do next. Exit code 0 when nothing needs doing, 1 when something does (or
 * the stack cannot be read), 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import {
  awsClients,
  type DoctorClients,
  type Finding,
  runDoctor,
  StackNotFoundError,
} from '../doctor/checks.js';
import type { CommandIo } from '../io.js';
import { DEFAULT_STACK } from './connect-ics.js';

const USAGE = `Usage: afterview doctor [--stack NAME] [--region NAME]

Checks your deployed Afterview and says what to do next: the SES sender
identity and sandbox, the alarm subscription, the OAuth client secrets,
the follow-up schedule group, messages waiting in a failure queue, and the
redirect URIs to register. Reads only; changes nothing.

Options:
  --stack NAME    the CloudFormation stack (default: ${DEFAULT_STACK})
  --region NAME   AWS region of the stack (default: your AWS configuration)
`;

const LABEL: Record<Finding['verdict'], string> = { ok: 'ok', action: 'TO DO', note: 'note', unknown: '?' };

export async function main(
  argv: string[],
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  clients: (region: string | undefined) => DoctorClients = awsClients,
): Promise<number> {
  let values: { stack: string; region?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: 'string', default: DEFAULT_STACK },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`doctor: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  try {
    const { region, findings } = await runDoctor(clients(values.region), values.stack);
    io.stdout.write(report(values.stack, region, findings));
    return findings.some((f) => f.verdict === 'action') ? 1 : 0;
  } catch (error) {
    if (!(error instanceof StackNotFoundError)) throw error;
    io.stderr.write(`doctor: ${error.message}\n`);
    return 1;
  }
}

function report(stack: string, region: string, findings: Finding[]): string {
  const width = Math.max(...Object.values(LABEL).map((l) => l.length));
  const lines = findings.map((f) => `${LABEL[f.verdict].padEnd(width)}  ${f.check}: ${f.says}`);
  const todo = findings.filter((f) => f.verdict === 'action').length;
  const summary =
    todo === 0
      ? 'Nothing to do: the stack is ready.'
      : `${todo} thing${todo === 1 ? '' : 's'} to do (marked TO DO), in the order above.`;
  return `Afterview doctor: stack ${stack} in ${region}\n\n${lines.join('\n')}\n\n${summary}\n`;
}
