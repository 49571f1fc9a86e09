/**
 * Zod without eval: the renderer's CSP has no 'unsafe-eval', and zod's speed-up probes `Function('')` when
 * it builds object schemas, which the page reports as a CSP violation. main.tsx imports this first, before
 * any module builds a schema.
 */
import { config } from 'zod/mini';

config({ jitless: true });
