/**
 * The device owner's contacts, generated once per run and shared by Contacts, Messages and Phone so the
 * same people appear in all three.
 */
import type { ContentContext } from './context.ts';
import { COMPANIES, FIRST_NAMES, JOB_TITLES, LAST_NAMES, emailFor, phoneNumber } from './text.ts';
import { REFERENCE_TIME } from './time.ts';

/** One contact card. */
export interface Person {
  first: string;
  last: string;
  phone: string;
  email?: string;
  organization?: string;
  jobTitle?: string;
  /** Unix seconds of the birthday (noon UTC), when known. */
  birthday?: number;
  address?: { street: string; city: string; state: string; zip: string };
  created: number;
}

const STREETS = ['Valencia St', 'Market St', 'Divisadero St', 'Castro St', 'Irving St', 'Geary Blvd', 'Oak St', 'Fell St'];

/** Contacts of the profile (the owner's "me" card first when there is an owner). */
export function peopleOf(context: ContentContext): Person[] {
  const rng = context.rng('people');
  const people: Person[] = [];
  const owner = context.persona.owner;
  if (owner) {
    people.push({ first: owner.first, last: owner.last, phone: owner.phone, email: owner.email, created: REFERENCE_TIME - 900 * 86400 });
  }
  const used = new Set(people.map((p) => p.phone));
  while (people.length < context.persona.amounts.contacts) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let phone = phoneNumber(rng);
    while (used.has(phone)) phone = phoneNumber(rng);
    used.add(phone);
    const person: Person = { first, last, phone, created: REFERENCE_TIME - rng.int(1, 1500) * 86400 };
    const organization = context.persona.organization;
    if (organization) {
      // A work device's address book is the company directory.
      person.email = `${emailFor(first, last, rng).split('@')[0]}@${organization.domain}`;
      person.organization = organization.name;
      person.jobTitle = rng.pick(JOB_TITLES);
    } else if (rng.chance(0.6)) person.email = emailFor(first, last, rng);
    if (!organization && rng.chance(0.35)) {
      person.organization = rng.pick(COMPANIES);
      person.jobTitle = rng.pick(JOB_TITLES);
    }
    if (rng.chance(0.3)) person.birthday = Date.UTC(rng.int(1950, 2005), rng.int(0, 11), rng.int(1, 28), 12) / 1000;
    if (rng.chance(0.2)) {
      person.address = { street: `${rng.int(1, 3999)} ${rng.pick(STREETS)}`, city: 'San Francisco', state: 'CA', zip: `941${rng.int(10, 34)}` };
    }
    people.push(person);
  }
  return people;
}

/** The contacts other than the owner (people the owner talks to). */
export function othersOf(context: ContentContext, people: Person[]): Person[] {
  return context.persona.owner ? people.slice(1) : people;
}
