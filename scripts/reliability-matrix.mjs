// Turns the reliability tally (JSON lines written by tests/helpers/reliability-tally.ts) into the
// markdown matrix of docs/RELIABILITY.md: one row per area and case, with totals.
import { readFileSync } from 'node:fs';

/** Reads a tally log and returns the matrix as markdown (empty string when nothing was recorded). */
export function reliabilityMatrix(logFile) {
  let text;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
  const rows = new Map();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    const key = `${row.area}\u0000${row.name}`;
    const sum = rows.get(key) ?? { area: row.area, name: row.name, cases: 0, faults: 0, inputs: 0, dataLost: 0 };
    for (const field of ['cases', 'faults', 'inputs', 'dataLost']) sum[field] += row[field] ?? 0;
    rows.set(key, sum);
  }
  if (rows.size === 0) return '';
  const sorted = [...rows.values()].sort((a, b) => a.area.localeCompare(b.area) || a.name.localeCompare(b.name));
  const total = { cases: 0, faults: 0, inputs: 0, dataLost: 0 };
  const lines = ['| area | case | cases run | faults injected | inputs fuzzed | data lost |', '|---|---|---:|---:|---:|---:|'];
  for (const row of sorted) {
    for (const field of Object.keys(total)) total[field] += row[field];
    lines.push(`| ${row.area} | ${row.name} | ${row.cases} | ${row.faults} | ${row.inputs} | ${row.dataLost} |`);
  }
  lines.push(`| **total** | | **${total.cases}** | **${total.faults}** | **${total.inputs}** | **${total.dataLost}** |`);
  return lines.join('\n');
}
