/**
 * Label–value rows in Finder's style, as a description list so screen readers pair each label with its value.
 */
import type { ReactNode } from 'react';

/** One row; rows with an undefined value are left out. */
export interface Fact {
  label: string;
  value: ReactNode;
  /** Spoken and shown under the value: why it is so. */
  note?: ReactNode;
}

/** Props of {@link FactList}. */
export interface FactListProps {
  facts: readonly Fact[];
}

/** A list of facts about the device. */
export function FactList({ facts }: FactListProps) {
  return (
    <dl className="facts">
      {facts
        .filter((fact) => fact.value !== undefined)
        .map((fact, index) => (
          // Labels may repeat (a contact's two "home" entries).
          <div className="fact" key={`${index}:${fact.label}`}>
            <dt>{fact.label}</dt>
            <dd>
              {fact.value}
              {fact.note && <span className="fact-note">{fact.note}</span>}
            </dd>
          </div>
        ))}
    </dl>
  );
}

/** "On" or "Off". */
export const onOff = (on: boolean) => (on ? 'On' : 'Off');
