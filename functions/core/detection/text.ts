/**
 * Text helpers the detector shares: folding for matching, and cutting what it
 * reports to a readable length.
 */

/** Lower case, no accents, straight quotes, single spaces. */
export function fold(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[^\S\n]+/g, ' ');
}

/** Reported fields (company, role) are cut to this many characters. */
const MAX_FIELD = 100;

/** Cuts a reported field to `MAX_FIELD` characters. */
export function clipField(value: string): string {
  return value.length > MAX_FIELD ? `${value.slice(0, MAX_FIELD - 1).trimEnd()}…` : value;
}

/** A name or address cut to fit a short reason ("…" marks the cut). */
export function brief(text: string | undefined, max = 40): string {
  const value = text ?? '';
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
