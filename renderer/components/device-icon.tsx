/**
 * A device's icon by its class: an iPad as a tablet lying on its side (lucide's tablet and phone are
 * almost the same upright outline at sidebar size), an iPhone or iPod touch as a phone.
 */
import { Smartphone, Tablet, type LucideProps } from 'lucide-react';
import { deviceIconKind, type DeviceIconKind, type NamedDevice } from '../../shared/devices.ts';

/** Props of {@link DeviceIcon}: what tells the class (or the class itself), and lucide's own (size, stroke…). */
export type DeviceIconProps = Partial<Pick<NamedDevice, 'deviceClass' | 'productType'>> & { kind?: DeviceIconKind } & Omit<LucideProps, 'ref'>;

/** The icon of a device (decorative: the name beside it says what it is). */
export function DeviceIcon({ deviceClass, productType, kind, style, ...props }: DeviceIconProps) {
  const iconKind = kind ?? deviceIconKind({ deviceClass, productType });
  if (iconKind === 'ipad') return <Tablet aria-hidden="true" data-icon={iconKind} style={{ ...style, transform: 'rotate(90deg)' }} {...props} />;
  return <Smartphone aria-hidden="true" data-icon={iconKind} style={style} {...props} />;
}
