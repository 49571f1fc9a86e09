/**
 * A fleet's report, one row per device (serial, UDID, name, result, duration, error), as CSV or JSON.
 */
import type { FleetReportRow } from '../../../shared/fleet.ts';
import { toCsv } from '../library/exports/csv.ts';

/** The report's bytes; the format is the file name's ending (.json, else CSV) when given a name. */
export function fleetReport(rows: FleetReportRow[], format: 'csv' | 'json'): Buffer {
  if (format === 'json') return Buffer.from(`${JSON.stringify(rows, null, 2)}\n`, 'utf8');
  return toCsv(['Serial', 'UDID', 'Name', 'Result', 'Duration (seconds)', 'Error'], rows.map((row) => [row.serial, row.udid, row.name, row.result, row.durationSeconds ?? undefined, row.error]));
}

/** The format a report file's name asks for. */
export function reportFormat(fileName: string): 'csv' | 'json' {
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv';
}
