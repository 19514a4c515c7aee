/**
 * `afterview detect --score FILE`: runs the detector over a labelled set
 * (items as `afterview detect` reads them, plus `label: { interview,
 * language?, kind? }`) and prints precision and recall overall, per language
 * and per kind. `ask` is counted on its own: the plain figures treat it as
 * "not an interview"; "with asks" counts an asked interview as caught and
 * reports the share of non-interviews that would get a question.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { detectOne } from './detect.js';

export const SCORE_USAGE =
  'usage: afterview detect --score FILE [--misses] [--json] [--min-precision N] [--min-recall N]\n';

const Label = z.object({
  interview: z.boolean(),
  language: z.string().max(40).optional(),
  kind: z.string().max(80).optional(),
});
const Labelled = z.object({ id: z.string().min(1).max(200), label: Label });

/** Counts for one slice: `ask*` are items decided `ask`, by their label. */
export interface Tally {
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  askedInterviews: number;
  askedOthers: number;
  errors: number;
}

export interface ScoreReport {
  total: Tally;
  byLanguage: Record<string, Tally>;
  byKind: Record<string, Tally>;
  /** Wrong plain decisions: id, label, decision. */
  misses: Array<{ id: string; label: boolean; decision: string }>;
}

function emptyTally(): Tally {
  return { n: 0, tp: 0, fp: 0, fn: 0, tn: 0, askedInterviews: 0, askedOthers: 0, errors: 0 };
}

/** Precision of the plain decision; 1 when nothing was called an interview. */
export function precision(t: Tally): number {
  return t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
}

/** Recall of the plain decision; 1 when the slice has no interview. */
export function recall(t: Tally): number {
  return t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
}

/** Recall when an asked interview counts as caught. */
export function recallWithAsks(t: Tally): number {
  return t.tp + t.fn === 0 ? 1 : (t.tp + t.askedInterviews) / (t.tp + t.fn);
}

/** Share of non-interviews that got a question. */
export function askedShare(t: Tally): number {
  return t.fp + t.tn === 0 ? 0 : t.askedOthers / (t.fp + t.tn);
}

/** Thrown when the input is not a labelled set. */
export class ScoreInputError extends Error {
  override name = 'ScoreInputError';
}

/** Scores a labelled set given as JSON text. */
export function scoreLabelled(input: string): ScoreReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch (error) {
    throw new ScoreInputError(`input is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ScoreInputError('input must be a JSON array of labelled items');
  const report: ScoreReport = { total: emptyTally(), byLanguage: {}, byKind: {}, misses: [] };
  parsed.forEach((raw, index) => {
    const item = Labelled.safeParse(raw);
    if (!item.success) throw new ScoreInputError(`item ${index}: needs an id and a label with 'interview'`);
    const { id, label } = item.data;
    const result = detectOne(raw, index);
    const failed = typeof result.error === 'string';
    const decision = failed ? 'ignore' : String(result.decision);
    const slices = [
      report.total,
      slice(report.byLanguage, label.language ?? '?'),
      slice(report.byKind, label.kind ?? '?'),
    ];
    for (const tally of slices) count(tally, label.interview, decision, failed);
    if ((decision === 'interview') !== label.interview)
      report.misses.push({ id, label: label.interview, decision });
  });
  return report;
}

function slice(slices: Record<string, Tally>, name: string): Tally {
  slices[name] ??= emptyTally();
  return slices[name];
}

function count(t: Tally, truth: boolean, decision: string, failed: boolean): void {
  t.n += 1;
  if (failed) t.errors += 1;
  const said = decision === 'interview';
  if (said && truth) t.tp += 1;
  else if (said) t.fp += 1;
  else if (truth) t.fn += 1;
  else t.tn += 1;
  if (decision === 'ask') {
    if (truth) t.askedInterviews += 1;
    else t.askedOthers += 1;
  }
}

const f3 = (value: number) => value.toFixed(3);

function row(name: string, t: Tally): string {
  const cells = [
    name.padEnd(26),
    String(t.n).padStart(4),
    `${t.tp} ${t.fp} ${t.fn} ${t.tn}`.padStart(13),
    `${t.askedInterviews}/${t.askedOthers}`.padStart(7),
    f3(precision(t)).padStart(9),
    f3(recall(t)).padStart(7),
    f3(recallWithAsks(t)).padStart(11),
  ];
  return cells.join(' ');
}

/** The report as text: the summary, then a table per language and per kind. */
export function formatReport(report: ScoreReport, withMisses: boolean): string {
  const t = report.total;
  const lines = [
    `items ${t.n}  errors ${t.errors}`,
    `without asks: precision ${f3(precision(t))} recall ${f3(recall(t))} (tp ${t.tp} fp ${t.fp} fn ${t.fn} tn ${t.tn})`,
    `with asks:    recall ${f3(recallWithAsks(t))}, asked about ${t.askedInterviews} interviews and ${t.askedOthers} non-interviews (${f3(askedShare(t))} of non-interviews)`,
  ];
  const header = `${''.padEnd(26)}    n   tp fp fn tn ask+/-  precision  recall  +asks recall`;
  for (const [title, slices] of [
    ['by language', report.byLanguage],
    ['by kind', report.byKind],
  ] as const) {
    lines.push('', title, header);
    for (const name of Object.keys(slices).sort()) lines.push(row(name, slices[name]!));
  }
  if (withMisses) {
    lines.push('', 'misses (id, label, decision)');
    for (const miss of report.misses)
      lines.push(`${miss.id} ${miss.label ? 'interview' : 'not'} ${miss.decision}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `--score FILE ...`: prints the report; exit 1 when under a required minimum, 2 on bad input. */
export async function scoreCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    io.stderr.write(SCORE_USAGE);
    return 2;
  }
  let report: ScoreReport;
  try {
    report = scoreLabelled(await readFile(options.file, 'utf8'));
  } catch (error) {
    io.stderr.write(`cannot score ${options.file}: ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatReport(report, options.misses));
  const short: string[] = [];
  if (options.minPrecision !== undefined && precision(report.total) < options.minPrecision)
    short.push(`precision ${f3(precision(report.total))} < ${options.minPrecision}`);
  if (options.minRecall !== undefined && recall(report.total) < options.minRecall)
    short.push(`recall ${f3(recall(report.total))} < ${options.minRecall}`);
  if (short.length > 0) io.stderr.write(`below the bar: ${short.join(', ')}\n`);
  return short.length > 0 ? 1 : 0;
}

interface Options {
  file: string;
  misses: boolean;
  json: boolean;
  minPrecision?: number;
  minRecall?: number;
}

function parseOptions(argv: string[]): Options | undefined {
  const options: Partial<Options> = { misses: false, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--misses') options.misses = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--min-precision' || arg === '--min-recall') {
      i += 1;
      const value = Number(argv[i]);
      if (!Number.isFinite(value) || value < 0 || value > 1) return undefined;
      if (arg === '--min-precision') options.minPrecision = value;
      else options.minRecall = value;
    } else if (!arg.startsWith('--') && options.file === undefined) options.file = arg;
    else return undefined;
  }
  return options.file ? (options as Options) : undefined;
}
