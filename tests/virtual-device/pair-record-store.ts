/**
 * The host-side pair records that usbmuxd keeps for its clients (`ReadPairRecord`/`SavePairRecord`), and
 * its SystemBUID, laid out like `/var/lib/lockdown`: `<udid>.plist` files and `SystemConfiguration.plist`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodePlist, encodeXml } from './plist.ts';
import { UsbmuxResult } from './usbmux-protocol.ts';

/** A pair record id that is safe as a file name (UDIDs of both styles). */
const RECORD_ID = /^[A-Za-z0-9-]{1,64}$/;

/** Pair records and SystemBUID of the virtual usbmuxd, on disk so they survive a restart. */
export class PairRecordStore {
  /** The usbmuxd system BUID (an upper-case UUID), created once. */
  readonly buid: string;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    const config = path.join(dir, 'SystemConfiguration.plist');
    if (fs.existsSync(config)) {
      this.buid = String((decodePlist(fs.readFileSync(config)) as { SystemBUID: string }).SystemBUID);
    } else {
      this.buid = randomUUID().toUpperCase();
      fs.writeFileSync(config, encodeXml({ SystemBUID: this.buid }));
    }
  }

  /** Whether `id` may name a record. */
  static validId(id: unknown): id is string {
    return typeof id === 'string' && RECORD_ID.test(id);
  }

  /** The record's bytes exactly as saved (a binary plist), or undefined. */
  read(id: string): Buffer | undefined {
    const file = this.fileOf(id);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  }

  save(id: string, data: Buffer): void {
    const file = this.fileOf(id);
    fs.writeFileSync(`${file}.tmp`, data);
    fs.renameSync(`${file}.tmp`, file);
  }

  /** Removes a record; returns whether it existed. */
  delete(id: string): boolean {
    const file = this.fileOf(id);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file);
    return true;
  }

  private fileOf(id: string): string {
    if (!PairRecordStore.validId(id)) throw new Error(`invalid pair record id ${JSON.stringify(id)}`);
    return path.join(this.dir, `${id}.plist`);
  }
}

/**
 * usbmuxd's answer to a BUID or pair-record request: a reply dict, or a Result number; undefined when the
 * request is about something else (devices, Listen, Connect).
 */
export function answerRecordRequest(records: PairRecordStore, request: Record<string, unknown>): Record<string, unknown> | number | undefined {
  switch (request.MessageType) {
    case 'ReadBUID':
      return { BUID: records.buid };
    case 'ReadPairRecord': {
      const id = request.PairRecordID;
      const data = PairRecordStore.validId(id) ? records.read(id) : undefined;
      return data ? { PairRecordData: data } : UsbmuxResult.badDevice;
    }
    case 'SavePairRecord': {
      const id = request.PairRecordID;
      const data = request.PairRecordData;
      if (!PairRecordStore.validId(id) || !Buffer.isBuffer(data)) return UsbmuxResult.badCommand;
      records.save(id, data);
      return UsbmuxResult.ok;
    }
    case 'DeletePairRecord': {
      const id = request.PairRecordID;
      if (!PairRecordStore.validId(id)) return UsbmuxResult.badCommand;
      return records.delete(id) ? UsbmuxResult.ok : UsbmuxResult.badDevice;
    }
    default:
      return undefined;
  }
}
