// The floor of the light-load benchmark (light.js): an echo bot on the bare chat client, no framework.
// argv: chat origin, login origin, room. Prints "ready" once its socket is open.
import { ChatClient } from '@botpy/chat';

const [chat, login, roomId] = process.argv.slice(2);
const client = await ChatClient.login({ host: 'stackoverflow.com', email: 'bare@example.com', password: 'barepass', origins: { chat, login } });
const room = await client.joinRoom(Number(roomId));
client.on('event', (ev) => {
  const hit = ev.type === 1 && /^@Bare echo (\d+)$/.exec(ev.text);
  if (hit) room.send(`echo ${hit[1]}`, { replyTo: ev.messageId }).catch((err) => process.stderr.write(`${err.message}\n`));
});
while (client.stats.socketState !== 'open') await new Promise((r) => setTimeout(r, 10));
process.stdout.write('ready\n');
