/** Names, dates, addresses and contact details of generated people. */
import {
  ADDRESS_EXTRAS, ADULT_FIRST_NAMES, LAST_NAMES, MAIL_PROVIDERS, STREETS, STUDENT_FIRST_NAMES, type Town,
} from './reference.ts';
import { type Rng, Zipf } from './rng.ts';

export type Gender = 'F' | 'M';

export const lastNames = new Zipf(LAST_NAMES, 0.9);
const studentFirst = { F: new Zipf(STUDENT_FIRST_NAMES.F, 0.7), M: new Zipf(STUDENT_FIRST_NAMES.M, 0.7) };
const adultFirst = { F: new Zipf(ADULT_FIRST_NAMES.F, 0.7), M: new Zipf(ADULT_FIRST_NAMES.M, 0.7) };

export function studentFirstName(rng: Rng, gender: Gender): string {
  return studentFirst[gender].pick(rng);
}
export function adultFirstName(rng: Rng, gender: Gender): string {
  return adultFirst[gender].pick(rng);
}

/** `sn` as AAF files carry it: upper case, accents kept (LEFÈVRE, N'DIAYE, LEBŒUF). */
export function upper(name: string): string {
  return name.toUpperCase();
}

/** ASCII lower case without accents, spaces or apostrophes, for e-mail local parts. */
export function asciiSlug(text: string): string {
  return text
    .replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '');
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A random date of the given year, dd/MM/yyyy. */
export function dateIn(rng: Rng, year: number): string {
  const month = rng.int(12);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 1 && leap ? 29 : DAYS_IN_MONTH[month]!;
  return `${pad2(rng.int(days) + 1)}/${pad2(month + 1)}/${year}`;
}

export function mobile(rng: Rng): string {
  return `0${rng.chance(0.7) ? 6 : 7}${rng.digits(8)}`;
}
export function landline(rng: Rng): string {
  return `04${rng.digits(8)}`;
}

export function personalMail(rng: Rng, first: string, last: string): string {
  const local = `${asciiSlug(first)}${rng.pick(['.', '_', ''])}${asciiSlug(last)}`;
  const suffix = rng.chance(0.6) ? String(rng.int(100)) : '';
  return `${local}${suffix}@${rng.pick(MAIL_PROVIDERS)}`;
}

export interface Address {
  /** `ENTPersonAdresse`: lines joined with `$`. */
  lines: string;
  postalCode: string;
  town: string;
}

export function address(rng: Rng, town: Town): Address {
  const street = `${rng.range(1, 180)}${rng.chance(0.06) ? ' bis' : ''} ${rng.pick(STREETS)}`;
  const lines = rng.chance(0.15) ? `${rng.pick(ADDRESS_EXTRAS)}$${street}` : street;
  return { lines, postalCode: town.postalCode, town: upper(town.name) };
}

/** Picks a surname, and now and then a double name (`DUPONT MARTIN`). */
export function surname(rng: Rng): string {
  return lastNames.pick(rng);
}
