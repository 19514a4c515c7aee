/**
 * The `afterview` command: dispatches to one module per sub-command, loaded
 * on demand so that `detect` does not start a database.
 */
import type { CommandIo } from './io.js';

type Command = { main(argv: string[], io: CommandIo): Promise<number> };

const COMMANDS: Record<string, { load: () => Promise<Command>; about: string }> = {
  start: { load: () => import('./commands/start.js'), about: 'run Afterview on this machine (npm start)' },
  detect: {
    load: () => import('./commands/detect.js'),
    about: 'classify calendar events: afterview detect FILE|-',
  },
  invoke: {
    load: () => import('./commands/invoke.js'),
    about: 'run a handler with a sample event: afterview invoke FUNCTION EVENT.json',
  },
  simulate: {
    load: () => import('./commands/simulate.js'),
    about: 'simulate users with faults: afterview simulate --users N --days D',
  },
  'connect-ics': {
    load: () => import('./commands/connect-ics.js'),
    about: 'connect an ICS calendar in a deployed stack',
  },
  doctor: {
    load: () => import('./commands/doctor.js'),
    about: 'check a deployed stack and say what to do next',
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.about}`);
  return `Usage: afterview COMMAND [options]\n\n${lines.join('\n')}\n`;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    (name && name !== '--help' && name !== '-h' ? io.stderr : io.stdout).write(
      name && name !== '--help' && name !== '-h'
        ? `afterview: unknown command "${name}"\n${usage()}`
        : usage(),
    );
    return name && name !== '--help' && name !== '-h' ? 2 : 0;
  }
  return (await command.load()).main(rest, io);
}
