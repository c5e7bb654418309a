import type { Rng } from './prng.js';

/** A synthetic caller: every detail is invented, in the shapes PII redaction must catch. */
export interface Caller {
  first: string;
  last: string;
  dob: Date;
  /** spoken form, for example "the 14th of March 1986" */
  dobSpoken: string;
  /** a plausible misremembered or mistyped date of birth */
  wrongDobSpoken: string;
  postcode: string;
  account: string;
  cardLast4: string;
}

const FIRST = ['Amira', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farah', 'George', 'Hannah', 'Isaac', 'Jade', 'Kwame', 'Laura', 'Mohammed', 'Nina', 'Oliver', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tomasz', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe', 'Aoife', 'Callum', 'Divya', 'Ewan', 'Grace'];
const LAST = ['Okafor', 'Smith', 'Patel', 'Nowak', 'Jones', 'Haddad', 'Murphy', 'Chen', 'Williams', 'Khan', 'Brown', 'Garcia', 'Taylor', 'Ahmed', 'Wilson', 'Kowalski', 'Evans', 'Singh', 'Davies', 'Rossi', 'Hughes', 'Ali', 'Walker', 'Begum', 'Moore'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const AREAS = ['LS6', 'M14', 'B29', 'BS7', 'NE2', 'CF24', 'G12', 'EH9', 'SW9', 'N16', 'E17', 'OX4'];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

export function spokenDate(d: Date, rng: Rng): string {
  const day = d.getUTCDate();
  const month = MONTHS[d.getUTCMonth()]!;
  const year = d.getUTCFullYear();
  return rng.pick([
    `the ${ordinal(day)} of ${month} ${year}`,
    `${ordinal(day)} ${month} ${year}`,
    `${month} ${ordinal(day)}, ${year}`,
    `${String(day).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${year}`,
  ]);
}

function postcode(rng: Rng): string {
  return `${rng.pick(AREAS)} ${rng.int(1, 9)}${LETTERS[rng.int(0, LETTERS.length - 1)]}${LETTERS[rng.int(0, LETTERS.length - 1)]}`;
}

export function makeCaller(rng: Rng): Caller {
  const dob = new Date(Date.UTC(rng.int(1940, 2004), rng.int(0, 11), rng.int(1, 28)));
  // the usual slips: day and month swapped, or a year off by one
  const wrong = rng.chance(0.5)
    ? new Date(Date.UTC(dob.getUTCFullYear(), (dob.getUTCDate() - 1) % 12, dob.getUTCMonth() + 1))
    : new Date(Date.UTC(dob.getUTCFullYear() + (rng.chance(0.5) ? 1 : -1), dob.getUTCMonth(), dob.getUTCDate()));
  return {
    first: rng.pick(FIRST),
    last: rng.pick(LAST),
    dob,
    dobSpoken: spokenDate(dob, rng),
    wrongDobSpoken: spokenDate(wrong.getTime() === dob.getTime() ? new Date(dob.getTime() + 86_400_000) : wrong, rng),
    postcode: postcode(rng),
    account: `${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
    cardLast4: String(rng.int(0, 9999)).padStart(4, '0'),
  };
}
