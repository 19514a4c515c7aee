/** What the location says about the employer: a named place, or the company's own premises. */
import { cleanCompany } from './job-words.js';

/** "Parkside Surgery, 14 Park Road, Leeds": the place's name, before the address. */
export function locationName(location: string | undefined): string | undefined {
  const first = location?.split(/[,\n]/)[0]?.trim();
  if (!first || /\d|https?:|@/.test(first) || VIRTUAL_PLACE.test(first)) return undefined;
  return cleanCompany(first.replace(OFFICE_SUFFIX, ''));
}

/** "Microsoft Teams Meeting", "Zoom": where a call happens, not whose premises. */
const VIRTUAL_PLACE =
  /\b(?:teams|zoom|google meet|meet|webex|skype|online|virtual|remote|phone|call|tbd|tba)\b/i;

/** "Databricks HQ", "Siemens Campus", "Oficinas Inditex": a company's own premises. */
const OFFICE_SUFFIX =
  /\s+(?:hq|headquarters|head office|offices?|campus|tower|building|b(?:u|ue|ü)ro|kantoor|sede|bureaux|oficinas)$/i;

/** The company a location names as its own premises, or undefined. */
export function premisesName(location: string | undefined): string | undefined {
  const first = location?.split(/[,\n]/)[0]?.trim();
  return first && OFFICE_SUFFIX.test(first) ? locationName(location) : undefined;
}
