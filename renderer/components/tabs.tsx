/**
 * Accessible tabs (WAI-ARIA tabs pattern): one tab stop for the tab list, arrow keys, Home and End move
 * between tabs and select them, the panel follows in the tab order.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

/** One tab: its label and what its panel shows. */
export interface TabDefinition {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** Props of {@link Tabs}. */
export interface TabsProps {
  /** Names the tab list for screen readers. */
  label: string;
  tabs: readonly TabDefinition[];
}

/** A tab list and the selected tab's panel. */
export function Tabs({ label, tabs }: TabsProps) {
  const [selectedId, setSelectedId] = useState(tabs[0]?.id);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const prefix = useId();
  const selected = tabs.find((tab) => tab.id === selectedId) ?? tabs[0];

  const select = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    setSelectedId(tab.id);
    buttons.current.get(tab.id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === selected?.id);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target);
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const isSelected = tab.id === selected?.id;
          return (
            <button
              key={tab.id}
              ref={(element) => {
                if (element) buttons.current.set(tab.id, element);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={`${prefix}-tab-${tab.id}`}
              aria-selected={isSelected}
              aria-controls={`${prefix}-panel-${tab.id}`}
              tabIndex={isSelected ? 0 : -1}
              className="tab"
              onClick={() => setSelectedId(tab.id)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {selected && (
        <div
          role="tabpanel"
          id={`${prefix}-panel-${selected.id}`}
          aria-labelledby={`${prefix}-tab-${selected.id}`}
          tabIndex={0}
          className="tab-panel"
        >
          {selected.render()}
        </div>
      )}
    </div>
  );
}
