// Child process of storage-faults.test.ts: opens (locks) a storage folder with the built
// JsonFileStorage, says "locked", then waits to be killed (kill -9 leaves the lock file behind).
// argv: <folder>
const [folder] = process.argv.slice(2);
const { JsonFileStorage } = await import(new URL('../../packages/core/dist/storage/json-file-storage.js', import.meta.url).href);
await new JsonFileStorage({ folder, app: 'child@stackexchange.com' }).open();
process.stdout.write('locked\n');
setInterval(() => undefined, 60_000);
