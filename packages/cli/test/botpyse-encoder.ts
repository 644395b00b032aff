/**
 * Writes BotpySE room files the way BotpySE 0.7 + jsonpickle 4 do: `json.dump(jsonpickle.encode(users))`
 * where users is a list of `{id, _privilege_type}` and a PrivilegeType met again becomes `{"py/id": N}`.
 * The pickler numbers objects as the unpickler restores them: the list, each dict, each object, in
 * document order (0-based slots).
 */
export interface Level {
  level: number;
  name: string;
}

export function encodeRoomFile(users: { id: number; level: Level | null }[]): string {
  let slot = 0;
  const seen = new Map<Level, number>();
  slot++; // the list
  const items = users.map((u) => {
    slot++; // the user dict
    let pt: unknown = null;
    if (u.level) {
      const known = seen.get(u.level);
      if (known !== undefined) pt = { 'py/id': known };
      else {
        seen.set(u.level, slot);
        slot++;
        pt = { 'py/object': 'BotpySE.PrivilegeType.PrivilegeType', level: u.level.level, name: u.level.name };
      }
    }
    return { id: u.id, _privilege_type: pt };
  });
  // jsonpickle.encode → a str, which BotpySE then json.dump()s
  return JSON.stringify(JSON.stringify(items).replace(/,"/g, ', "').replace(/":/g, '": '));
}
