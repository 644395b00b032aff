import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { BotpyseImportError, readBotpyseFolder, type BotpyseData } from '../botpyse/botpyse-folder.js';
import { importInto, planImport, readOnlyStore, type ImportPlan } from '../botpyse/write-import.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';

export interface ImportBotpyseOptions {
  /** BotpySE's storage folder (`~/.<bot name>`). */
  folder: string;
  /** The bot's name, as given to BotpySE's `Bot(...)` (picks the `<Name>_room_<id>_data` files). */
  name?: string;
  /** Our storage folder; default `~/.<name without spaces, lowercased>`, as `bootstrap()` uses. */
  storage?: string;
  /** The chat server the grants are for (BotpySE's `host`; default `stackexchange.com`, as BotpySE). */
  host?: string;
  dryRun: boolean;
}

/** The storage folder `bootstrap({ name })` uses by default. */
export function defaultStorageDir(name: string): string {
  return join(homedir(), `.${name.replace(/\s+/g, '').toLowerCase()}`);
}

/** What the import will do, as lines for a person. */
export function describeImport(data: BotpyseData, plan: ImportPlan): string[] {
  const lines = [`BotpySE data of "${data.botName}" in ${data.folder}:`];
  lines.push(`  location: ${data.location ?? '(no location.txt)'}`);
  lines.push(`  levels (declare them in bootstrap({ privileges })): ${data.levels.length === 0 ? 'none' : data.levels.map((l) => `${l.level} ${l.name}`).join(', ')}`);
  for (const r of data.rooms) {
    lines.push(`  room ${r.roomId} (${r.file}): ${r.users.length} user${r.users.length === 1 ? '' : 's'}`);
    for (const u of r.users) lines.push(`    ${u.id}: ${u.level ? `${u.level.name} (${u.level.level})` : 'no level'}`);
  }
  for (const f of data.otherFiles) lines.push(`  not BotpySE room data, not imported: ${f}`);
  const imported = plan.grants.length - plan.kept;
  lines.push(`Into ${plan.storageDir} (grants for ${plan.host}):`);
  lines.push(`  privileges.json: ${imported} grant${imported === 1 ? '' : 's'} (${plan.replaced} replacing existing ones, ${plan.kept} other existing kept)`);
  for (const u of plan.users) lines.push(`  users/room-${u.roomId}.json: ${u.ids.length} known user${u.ids.length === 1 ? '' : 's'} (${u.added} new)`);
  if (data.location !== null) lines.push(`  location.json: ${data.location}`);
  return lines;
}

/** `botpy import-botpyse <folder> [--name "Bot Name"] [--storage dir] [--dry-run]`. */
export async function runImportBotpyseCommand(o: ImportBotpyseOptions, ctx: CommandContext): Promise<number> {
  try {
    const data = await readBotpyseFolder(resolve(o.folder), o.name);
    const storageDir = resolve(o.storage ?? defaultStorageDir(o.name ?? data.botName));
    const host = o.host ?? 'stackexchange.com';
    if (o.dryRun) {
      ctx.print([...describeImport(data, await planImport(data, readOnlyStore(storageDir), host)), '--dry-run: nothing was written.']);
      return 0;
    }
    ctx.print(describeImport(data, await importInto(data, storageDir, host)));
    ctx.print([`Imported. Start the bot with the same levels: privileges: [${data.levels.map((l) => `{ level: ${l.level}, name: '${l.name}' }`).join(', ')}]`]);
    return 0;
  } catch (err) {
    if (err instanceof BotpyseImportError) throw new CliError('IMPORT_REFUSED', err.message);
    throw err;
  }
}
