// The framework side of the light-load benchmark (light.js): bootstrap() and one @Command, the
// default logger (info, JSON lines on stderr). argv: chat origin, login origin, room, storage folder.
// Prints "ready" once its socket is open.
import { bootstrap, Command } from '@botpy/core';

class EchoCommand {
  run(ctx) {
    return ctx.reply(`echo ${ctx.args[0]}`);
  }
}
Command({ usage: ['echo *'], description: 'Replies with its argument.' })(EchoCommand); // plain JS: the decorator by hand

const [chat, login, roomId, storageDir] = process.argv.slice(2);
const app = await bootstrap({ name: 'TestBot', rooms: [Number(roomId)], email: 'bot@example.com', password: 'botpass', origins: { chat, login }, storageDir, commands: [EchoCommand], messages: { startup: null } });
await app.start();
while (app.health().socketState !== 'open') await new Promise((r) => setTimeout(r, 10));
process.stdout.write('ready\n');
