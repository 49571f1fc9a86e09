/**
 * The icon of each category, as the left column and the summary show it (decorative: the title names it).
 */
import { AppWindow, Calendar, CircleUser, Compass, Contact, Image, KeyRound, LayoutGrid, MessageSquare, Phone, ShieldCheck, StickyNote, Wifi, type LucideIcon } from 'lucide-react';
import type { CategoryName } from '../../../shared/categories.ts';

const ICONS: Record<CategoryName, LucideIcon> = {
  contacts: Contact,
  messages: MessageSquare,
  calls: Phone,
  photos: Image,
  safari: Compass,
  notes: StickyNote,
  calendar: Calendar,
  wifi: Wifi,
  passwords: KeyRound,
  'home-screen': LayoutGrid,
  accounts: CircleUser,
  apps: AppWindow,
  management: ShieldCheck,
};

/** A category's icon. */
export function CategoryIcon({ name, size }: { name: CategoryName; size: number }) {
  const Icon = ICONS[name];
  return <Icon size={size} aria-hidden="true" className={`category-icon category-icon-${name}`} />;
}
