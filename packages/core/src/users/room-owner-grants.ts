import type { Logger } from 'pino';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { ChatTransport } from '../transport/chat-transport.js';

/** Gives the owners of the rooms the top level, read from each room's info page (`setRoomOwnerPrivsMax`, `roomOwnersMax`). */
export async function grantOwnersTop(privileges: PrivilegeService, transport: ChatTransport, roomIds: readonly number[], logger: Logger): Promise<void> {
  const top = privileges.findLevel(privileges.topLevel);
  if (!top) {
    logger.warn('setRoomOwnerPrivsMax: no privilege levels are defined, nothing to grant');
    return;
  }
  for (const roomId of roomIds) {
    const owners = await transport.roomOwners(roomId);
    for (const o of owners) {
      if (privileges.levelOf(roomId, o.id) >= top.level) continue;
      await privileges.grant(roomId, o, top.level);
      logger.info({ roomId, userId: o.id }, `room owner ${o.name} granted ${top.name}`);
    }
  }
}
