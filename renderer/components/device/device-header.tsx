/**
 * The device page's header: a large device icon, the name (click to rename), model and iOS version,
 * the storage bar and the battery.
 */
import { BatteryCharging, BatteryFull, BatteryLow, BatteryMedium } from 'lucide-react';
import type { DeviceSummary, NamedDevice } from '../../../shared/devices.ts';
import type { ErrorPayload } from '../../../shared/errors.ts';
import { DeviceIcon } from '../device-icon.tsx';
import { CapacityBar } from './capacity-bar.tsx';
import { RenameField } from './rename-field.tsx';

/** Props of {@link DeviceHeader}. */
export interface DeviceHeaderProps {
  /** The name the sidebar shows (live), else the summary's. */
  name: string;
  noun: string;
  /** What the list knows of the device: its class (the icon) and model, before the summary. */
  listed?: Pick<NamedDevice, 'deviceClass' | 'productType' | 'model'>;
  /** The end of the serial ("…F3K2"), shown when another device has the same name. */
  serial?: string;
  /** Known once the device trusts this computer. */
  summary?: DeviceSummary;
  onRename(name: string): Promise<ErrorPayload | undefined>;
}

function Battery({ percent, charging }: NonNullable<DeviceSummary['battery']>) {
  const Icon = charging ? BatteryCharging : percent >= 80 ? BatteryFull : percent >= 30 ? BatteryMedium : BatteryLow;
  return (
    <span className="battery">
      <Icon size={16} aria-hidden="true" />
      <span>
        Battery {percent} %{charging ? ', charging' : ''}
      </span>
    </span>
  );
}

/** The header of a device page. */
export function DeviceHeader({ name, noun, listed, serial, summary, onRename }: DeviceHeaderProps) {
  const model = summary ? `${summary.model} · iOS ${summary.iosVersion}` : (listed?.model ?? noun);
  return (
    <header className="device-header">
      <DeviceIcon
        deviceClass={summary?.deviceClass || listed?.deviceClass}
        productType={summary?.productType || listed?.productType}
        className="device-icon"
        size={64}
        strokeWidth={1.25}
      />
      <div className="device-identity">
        {summary ? <RenameField name={name} noun={noun} onRename={onRename} /> : <h1 className="device-name">{name}</h1>}
        <p className="device-model">{serial ? `${model} · ${serial}` : model}</p>
        {summary && (summary.capacityBytes !== undefined || summary.battery) && (
          <div className="device-gauges">
            {summary.capacityBytes !== undefined && summary.freeBytes !== undefined && (
              <CapacityBar capacityBytes={summary.capacityBytes} freeBytes={summary.freeBytes} />
            )}
            {summary.battery && <Battery {...summary.battery} />}
          </div>
        )}
      </div>
    </header>
  );
}
