/**
 * The words the device page uses: what to call the device and what to ask of the person, in UI.md's terms.
 */
import type { JobView } from '../../store/jobs-reducer.ts';

/** What a person calls the device: "iPhone", "iPad" or "iPod touch". */
export function deviceNoun(productTypeOrClass: string | undefined): string {
  if (productTypeOrClass?.startsWith('iPad')) return 'iPad';
  if (productTypeOrClass?.startsWith('iPod')) return 'iPod touch';
  return 'iPhone';
}

/** What a waiting job asks the person to do on the device, or undefined when it waits for nothing. */
export function promptWords(job: JobView | undefined, noun: string): string | undefined {
  if (!job?.prompt) return undefined;
  // Prompts are worded here with the device's own name for itself; others come from the engine as they are.
  if (job.kind === 'pair' && job.prompt.prompt === 'trust') return `Tap Trust on the ${noun}, then enter its passcode`;
  if (job.kind === 'pair' && job.prompt.prompt === 'passcode') {
    return `Unlock the ${noun} with its passcode; then it asks whether to trust this computer`;
  }
  if (job.kind === 'backup' && job.prompt.prompt === 'passcode') return `Enter the passcode on the ${noun} to start the backup`;
  if (job.kind === 'encryption' && job.prompt.prompt === 'passcode') return `Enter the passcode on the ${noun} to change backup encryption`;
  return job.prompt.message;
}
