/**
 * Health: HealthDomain Health/healthdb_secure.sqlite (samples, quantity_samples, objects,
 * data_provenances, metadata_keys/values, workouts) and Health/healthdb.sqlite (sources,
 * source_devices). Both only in encrypted backups.
 */
import { putDatabase, type ContentContext } from './context.ts';
import { stableUuid } from './random.ts';
import { REFERENCE_TIME, appleSeconds } from './time.ts';

const SECURE_SCHEMA = `
CREATE TABLE objects (data_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB UNIQUE, provenance INTEGER NOT NULL, type INTEGER,
  creation_date REAL);
CREATE TABLE samples (data_id INTEGER PRIMARY KEY, start_date REAL, end_date REAL, data_type INTEGER);
CREATE TABLE quantity_samples (data_id INTEGER PRIMARY KEY, quantity REAL, original_quantity REAL, original_unit INTEGER);
CREATE TABLE unit_strings (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, unit_string TEXT UNIQUE);
CREATE TABLE data_provenances (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, sync_provenance INTEGER NOT NULL,
  origin_product_type TEXT NOT NULL, origin_build TEXT NOT NULL, local_product_type TEXT NOT NULL, local_build TEXT NOT NULL,
  source_id INTEGER NOT NULL, device_id INTEGER NOT NULL, contributor_id INTEGER, source_version TEXT NOT NULL,
  tz_name TEXT NOT NULL, origin_major_version INTEGER, origin_minor_version INTEGER, origin_patch_version INTEGER);
CREATE TABLE metadata_keys (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE);
CREATE TABLE metadata_values (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, key_id INTEGER, object_id INTEGER, value_type INTEGER,
  string_value TEXT, numerical_value REAL, date_value REAL, data_value BLOB);
CREATE TABLE workouts (data_id INTEGER PRIMARY KEY, total_distance REAL, goal_type INTEGER, goal REAL,
  total_energy_burned REAL, total_basal_energy_burned REAL, duration REAL, activity_type INTEGER);
CREATE INDEX samples_type_start ON samples (data_type, start_date);
`;

const SOURCES_SCHEMA = `
CREATE TABLE sources (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB UNIQUE, bundle_id TEXT, name TEXT, source_options INTEGER,
  local_device INTEGER, product_type TEXT, deleted INTEGER, mod_date REAL, provenance INTEGER, sync_anchor INTEGER);
CREATE TABLE source_devices (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB UNIQUE, name TEXT, manufacturer TEXT, model TEXT,
  hardware TEXT, firmware TEXT, software TEXT, localIdentifier TEXT, FDAUDI TEXT, creation_date REAL, sync_provenance INTEGER,
  sync_identity INTEGER);
`;

/** samples.data_type: 7 steps, 5 heart rate, 8 walking+running distance; objects.type 1 = quantity sample. */
const STEPS = 7;
const HEART_RATE = 5;
const DISTANCE = 8;

/** Writes the two Health databases (profiles without Health data get none). */
export function writeHealth(context: ContentContext): void {
  const days = context.persona.amounts.healthDays;
  if (days === 0) return;
  const rng = context.rng('health');
  const meta = { protectionClass: 1, encryptedOnly: true };
  putDatabase(context, 'HealthDomain', 'Health/healthdb.sqlite', meta, (db) => {
    db.exec(SOURCES_SCHEMA);
    db.prepare(`INSERT INTO sources (uuid, bundle_id, name, source_options, local_device, product_type, deleted, mod_date, provenance)
      VALUES (?, 'com.apple.health', ?, 5, 1, ?, 0, ?, 0)`).run(Buffer.from(stableUuid(context.udid, 'health-source').replace(/-/g, ''), 'hex'),
      context.persona.deviceName, context.persona.productType, appleSeconds(REFERENCE_TIME - days * 86400));
    db.prepare(`INSERT INTO source_devices (uuid, name, manufacturer, model, hardware, software, creation_date)
      VALUES (?, 'iPhone', 'Apple Inc.', 'iPhone', ?, '17.5.1', ?)`).run(Buffer.from(stableUuid(context.udid, 'health-device').replace(/-/g, ''), 'hex'),
      context.persona.productType, appleSeconds(REFERENCE_TIME - days * 86400));
  });
  putDatabase(context, 'HealthDomain', 'Health/healthdb_secure.sqlite', meta, (db) => {
    db.exec(SECURE_SCHEMA);
    for (const unit of ['count', 'count/min', 'm']) db.prepare('INSERT INTO unit_strings (unit_string) VALUES (?)').run(unit);
    db.prepare(`INSERT INTO data_provenances (sync_provenance, origin_product_type, origin_build, local_product_type, local_build,
      source_id, device_id, source_version, tz_name, origin_major_version, origin_minor_version, origin_patch_version)
      VALUES (0, ?, '21F90', ?, '21F90', 1, 1, '17.5.1', 'America/Los_Angeles', 17, 5, 1)`).run(context.persona.productType, context.persona.productType);
    db.prepare("INSERT INTO metadata_keys (key) VALUES ('HKMetadataKeyHeartRateMotionContext')").run();
    const object = db.prepare('INSERT INTO objects (uuid, provenance, type, creation_date) VALUES (?, 1, 1, ?)');
    const sample = db.prepare('INSERT INTO samples VALUES (?, ?, ?, ?)');
    const quantity = db.prepare('INSERT INTO quantity_samples VALUES (?, ?, ?, ?)');
    const motion = db.prepare('INSERT INTO metadata_values (key_id, object_id, value_type, numerical_value) VALUES (1, ?, 1, ?)');
    let n = 0;
    const add = (type: number, start: number, end: number, value: number, unit: number): number => {
      const id = Number(object.run(Buffer.from(stableUuid(context.udid, 'health', String(n++)).replace(/-/g, ''), 'hex'), appleSeconds(end) + 2).lastInsertRowid);
      sample.run(id, appleSeconds(start), appleSeconds(end), type);
      quantity.run(id, value, value, unit);
      return id;
    };
    const firstDay = REFERENCE_TIME - days * 86400 - (REFERENCE_TIME % 86400);
    for (let day = 0; day < days; day++) {
      for (let hour = 7; hour < 22; hour++) {
        const start = firstDay + day * 86400 + hour * 3600 + rng.int(0, 1800);
        const steps = rng.logUniform(20, 2500);
        add(STEPS, start, start + 600, steps, 1);
        add(DISTANCE, start, start + 600, Math.round(steps * 0.72 * 10) / 10, 3);
        if (hour % 3 === 0) motion.run(add(HEART_RATE, start, start, rng.int(58, 110) / 60, 2), 1);
      }
    }
  });
}
