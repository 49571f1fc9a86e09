/**
 * Contacts: the list by name (searchable) and the selected contact's card: phones, emails, addresses,
 * birthday, groups, note.
 */
import type { Contact, ContactsData, PostalAddress } from '../../../../shared/categories.ts';
import { FactList, type Fact } from '../../device/fact-list.tsx';
import { formatDate } from '../../device/format.ts';
import { hueOf, initials } from '../browser-words.ts';
import { ListDetail } from './list-detail.tsx';

/** The Contacts category. */
export function ContactsView({ data }: { data: ContactsData }) {
  return (
    <ListDetail
      label="Contacts"
      items={data.contacts}
      rowHeight={28}
      searchText={(contact) => [contact.displayName, contact.organization, ...contact.phones.map((phone) => phone.value), ...contact.emails.map((email) => email.value)].join(' ')}
      placeholder="Select a contact."
      renderRow={(contact) => (
        <span className="person-row">
          <Avatar name={contact.displayName} size={20} />
          <span className="row-text">{contact.displayName}</span>
        </span>
      )}
      renderDetail={(contact) => <ContactCard contact={contact} />}
    />
  );
}

/** A round picture with initials, tinted by the name. */
export function Avatar({ name, size }: { name: string; size: number }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.42, backgroundColor: `hsl(${hueOf(name)} 45% 32%)` }}>
      {initials(name)}
    </span>
  );
}

function addressText(address: PostalAddress): string {
  return [address.street, [address.postalCode, address.city].filter(Boolean).join(' '), address.state, address.country].filter(Boolean).join(', ');
}

function ContactCard({ contact }: { contact: Contact }) {
  const job = [contact.jobTitle, contact.department, contact.organization].filter(Boolean).join(' · ');
  const facts: Fact[] = [
    ...contact.phones.map((phone) => ({ label: phone.label || 'phone', value: phone.value })),
    ...contact.emails.map((email) => ({ label: email.label || 'email', value: email.value })),
    ...contact.urls.map((url) => ({ label: url.label || 'homepage', value: url.value })),
    ...contact.addresses.map((address) => ({ label: address.label || 'address', value: addressText(address) })),
    { label: 'birthday', value: contact.birthday },
    { label: 'nickname', value: contact.nickname },
    { label: 'groups', value: contact.groups.length ? contact.groups.join(', ') : undefined },
    { label: 'note', value: contact.note },
    { label: 'modified', value: contact.modified ? formatDate(contact.modified) : undefined },
  ];
  return (
    <article className="contact-card" aria-label={contact.displayName}>
      <header className="contact-head">
        <Avatar name={contact.displayName} size={56} />
        <div>
          <h3 className="contact-name">{[contact.prefix, contact.firstName, contact.middleName, contact.lastName, contact.suffix].filter(Boolean).join(' ') || contact.displayName}</h3>
          {job && <p className="muted">{job}</p>}
        </div>
      </header>
      <FactList facts={facts} />
    </article>
  );
}
