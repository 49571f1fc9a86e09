/**
 * The "that was wrong" shake of a dialog or a field, as macOS does it; nothing moves when the person
 * asked for reduced motion.
 */

const FRAMES: Keyframe[] = [
  { transform: 'translateX(0)' },
  { transform: 'translateX(-9px)' },
  { transform: 'translateX(8px)' },
  { transform: 'translateX(-5px)' },
  { transform: 'translateX(3px)' },
  { transform: 'translateX(0)' },
];

/** Shakes an element once (unless reduced motion is asked for). */
export function shake(element: HTMLElement | null | undefined): void {
  if (!element || window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  element.animate(FRAMES, { duration: 380, easing: 'ease-out' });
}
