/**
 * Names for phone numbers and addresses, from the backup's own address book: Messages and Call History
 * store only the number or address of the other party.
 */
import type { Contact } from '../../../../shared/categories.ts';

/** Looks up the contact name of a phone number or email address. */
export class ContactDirectory {
  private readonly names = new Map<string, string>();

  constructor(contacts: readonly Contact[]) {
    for (const contact of contacts) {
      for (const phone of contact.phones) this.add(phoneKey(phone.value), contact.displayName);
      for (const email of contact.emails) this.add(email.value.trim().toLowerCase(), contact.displayName);
    }
  }

  /** The contact's name for a handle ("+14155550134", "anna@example.com"), when the address book knows it. */
  nameOf(handle: string | undefined): string | undefined {
    if (!handle) return undefined;
    return handle.includes('@') ? this.names.get(handle.trim().toLowerCase()) : this.names.get(phoneKey(handle));
  }

  private add(key: string, name: string): void {
    if (key && !this.names.has(key)) this.names.set(key, name);
  }
}

/**
 * The same number written differently ("+1 (415) 555-0134", "4155550134") gives the same key: its digits,
 * the last ten when longer (a country code may be present or not).
 */
function phoneKey(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length > 10 ? digits.slice(-10) : digits;
}
