/**
 * A device's icon by its class: a tablet for iPads, a phone for iPhones and iPod touch.
 */
import { Smartphone, Tablet, type LucideProps } from 'lucide-react';
import { deviceIconKind, type NamedDevice } from '../../shared/devices.ts';

/** Props of {@link DeviceIcon}: what tells the class, and lucide's own (size, stroke…). */
export type DeviceIconProps = Pick<NamedDevice, 'deviceClass' | 'productType'> & Omit<LucideProps, 'ref'>;

/** The icon of a device (decorative: the name beside it says what it is). */
export function DeviceIcon({ deviceClass, productType, ...props }: DeviceIconProps) {
  const Icon = deviceIconKind({ deviceClass, productType }) === 'ipad' ? Tablet : Smartphone;
  return <Icon aria-hidden="true" data-icon={deviceIconKind({ deviceClass, productType })} {...props} />;
}
