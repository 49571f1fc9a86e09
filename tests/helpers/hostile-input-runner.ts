/**
 * Child process of {@link runIsolated}: feeds each case of the JSON array on standard input to its parser
 * and prints one JSON line per case as it finishes, so a hang or a crash shows which case caused it.
 */
import { outcomeOf, type ParserName } from './hostile-input.ts';

const cases = JSON.parse(await new Response(process.stdin as unknown as ReadableStream).text()) as Array<{ parser: ParserName; hex: string }>;
for (const [index, { parser, hex }] of cases.entries()) {
  let line: Record<string, unknown>;
  try {
    line = { index, outcome: outcomeOf(parser, Buffer.from(hex, 'hex')) };
  } catch (error) {
    line = { index, failure: (error as Error).message.slice(0, 2000) };
  }
  process.stdout.write(`${JSON.stringify({ ...line, heapMb: Math.round(process.memoryUsage().heapUsed / 1e6) })}\n`);
}
