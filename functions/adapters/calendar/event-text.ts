/**
 * Text helpers shared by the calendar mappers. Everything a calendar gives us
 * is hostile: these bound sizes, turn HTML bodies into plain text and keep
 * only links that are plain web addresses.
 */
import { compile } from 'html-to-text';

/** Raw HTML beyond this is cut before parsing, so a huge body cannot stall us. */
const MAX_RAW_HTML = 200_000;

/**
 * Trims and cuts `text` to at most `max` characters (never throws). A cut
 * ends with an ellipsis and never splits a surrogate pair.
 */
export function clip(text: string | null | undefined, max: number): string {
  const trimmed = (text ?? '').trim();
  if (trimmed.length <= max) return trimmed;
  let cut = trimmed.slice(0, Math.max(0, max - 1));
  // A lone high surrogate at the end would be half of an emoji.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Like `clip`, but `undefined` for empty text. */
export function clipOptional(text: string | null | undefined, max: number): string | undefined {
  const clipped = clip(text, max);
  return clipped === '' ? undefined : clipped;
}

/** True when the text looks like markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?(?:html|body|div|p|br|span|a|b|i|u|ul|ol|li|table|tr|td|strong|em|font|h[1-6])\b[^>]*>/i.test(
    text,
  );
}

/** Compiled once: tags dropped, entities decoded, links kept as their text, images skipped. */
const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'inline' },
  ],
});

/** Plain text from an HTML body. */
export function htmlToText(html: string): string {
  return convert(html.slice(0, MAX_RAW_HTML)).replace(/\n{3,}/g, '\n\n');
}

/**
 * A description as plain text, control characters dropped, bounded. `sniff`
 * (Google, which does not say) converts when the text looks like HTML.
 */
export function descriptionText(
  raw: string | null | undefined,
  format: 'html' | 'text' | 'sniff',
  max: number,
): string {
  const source = raw ?? '';
  const isHtml = format === 'html' || (format === 'sniff' && looksLikeHtml(source));
  const text = isHtml ? htmlToText(source) : source.slice(0, MAX_RAW_HTML);
  return clip(stripControls(text.replace(/\r\n?/g, '\n')), max);
}

/** Removes control characters other than newline and tab. */
export function stripControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');
}

/** A single-line field (title, location, name): controls and line breaks become spaces. */
export function lineText(raw: string | null | undefined, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return clip((raw ?? '').replace(/[\u0000-\u001F\u007F]+/g, ' ').replace(/\s{2,}/g, ' '), max);
}

/** The URL when it is an absolute http(s) address of sane length, else undefined. */
export function webUrl(raw: string | null | undefined, max = 2048): string | undefined {
  if (!raw || raw.length > max) return undefined;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A lower-cased address when it looks like one and fits the model's bound. */
export function emailAddress(raw: string | null | undefined): string | undefined {
  const value = (raw ?? '').trim().toLowerCase();
  if (value.length === 0 || value.length > 320) return undefined;
  return /^[^\s@<>()]+@[^\s@<>()]+$/.test(value) ? value : undefined;
}
