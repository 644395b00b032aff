// Child process of privilege-kill.test.ts: grants privileges in a loop through the core's
// PrivilegeService + JsonFilePrivilegeRepository (the built code) and prints "ack <userId> <level>"
// after each grant resolved (= was saved). The test kills it with SIGKILL at random moments.
// argv: <privileges file> <first user id> <grants>
const [file, firstArg, countArg] = process.argv.slice(2);
const dist = new URL('../../packages/core/dist/privileges/', import.meta.url);
const { JsonFilePrivilegeRepository } = await import(new URL('json-file-privilege-repository.js', dist).href);
const { PrivilegeService } = await import(new URL('privilege-service.js', dist).href);

const service = new PrivilegeService(new JsonFilePrivilegeRepository(file));
service.addLevel(1, 'regular');
service.addLevel(2, 'owner');
await service.load();
process.stdout.write('ready\n');
const first = Number(firstArg);
for (let i = 0; i < Number(countArg); i++) {
  const id = first + i;
  const level = (i % 2) + 1;
  await service.grant(1, { id, name: `user ${id}` }, level);
  process.stdout.write(`ack ${id} ${level}\n`);
}
process.stdout.write('done\n');
