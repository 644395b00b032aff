// The lease's Lua scripts: each runs atomically in Redis, so "check, then change" never races with
// another instance. A lease value is "<instance id> <fencing token>"; the token comes from a counter
// that only grows (INCR), so a later holder always has a larger token than every earlier one.

/**
 * Acquire. KEYS: lease, fence counter, handover. ARGV: instance id, lease ms.
 * Returns {1, token, ttl ms, fresh} when this instance holds the lease now (fresh = 1 when the
 * counter did not exist: Redis is new or lost its data, so an earlier holder's lease cannot be ruled
 * out), or {0, why} when someone else holds it or it is being handed to someone else.
 */
export const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local sp = string.find(cur, ' ', 1, true)
  if sp and string.sub(cur, 1, sp - 1) == ARGV[1] then
    return {1, tonumber(string.sub(cur, sp + 1)), redis.call('PTTL', KEYS[1]), 0}
  end
  return {0, 'held'}
end
local h = redis.call('GET', KEYS[3])
if h and h ~= ARGV[1] then return {0, 'handover'} end
local fresh = 0
if redis.call('EXISTS', KEYS[2]) == 0 then fresh = 1 end
local t = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. t, 'PX', ARGV[2])
redis.call('DEL', KEYS[3])
return {1, t, tonumber(ARGV[2]), fresh}
`;

/**
 * Renew. KEYS: lease, fence counter. ARGV: instance id, token, lease ms.
 * Returns 1 (renewed), 2 (Redis had lost every key, counter included: nobody can have taken the
 * lease since, so it is re-created with the same token) or 0 (the lease is gone or someone else's).
 */
export const RENEW = `
local mine = ARGV[1] .. ' ' .. ARGV[2]
local cur = redis.call('GET', KEYS[1])
if cur == mine then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
if not cur and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
  return 2
end
return 0
`;

/**
 * Release. KEYS: lease, handover. ARGV: instance id, token, lease ms, successor id ('' = anyone),
 * channel. Deletes the lease only when it is still this holder's; names the successor for one lease
 * time; announces the release on the channel. Returns 1 when released, 0 when it was not ours.
 */
export const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] .. ' ' .. ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3]) end
redis.call('PUBLISH', ARGV[5], 'released')
return 1
`;

/**
 * Heartbeat. KEYS: presence hash, lease, handover. ARGV: instance id, description (JSON), ttl ms.
 * Records this instance as alive until now + ttl (Redis's clock), drops expired entries, and returns
 * {lease value or '', handover or '', id1, desc1, id2, desc2, …} of the live instances. When no
 * instance at all has beaten for longer than the ttl (Redis was down or paused: nobody could), the
 * entries get one more ttl instead of being dropped — an outage is no evidence that instances died,
 * and dropping them would let a lower-ranked standby take the lease from a preferred one just back.
 */
export const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
local last = tonumber(redis.call('HGET', KEYS[1], '~last') or now)
local grace = now - last > ttl
redis.call('HSET', KEYS[1], ARGV[1], (now + ttl) .. ' ' .. ARGV[2], '~last', now)
redis.call('PEXPIRE', KEYS[1], ttl * 10)
local all = redis.call('HGETALL', KEYS[1])
local out = {redis.call('GET', KEYS[2]) or '', redis.call('GET', KEYS[3]) or ''}
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sp = string.find(v, ' ', 1, true)
  if all[i] ~= '~last' then
    if sp and (grace or tonumber(string.sub(v, 1, sp - 1)) >= now) then
      if grace then redis.call('HSET', KEYS[1], all[i], (now + ttl) .. ' ' .. string.sub(v, sp + 1)) end
      table.insert(out, all[i])
      table.insert(out, string.sub(v, sp + 1))
    else
      redis.call('HDEL', KEYS[1], all[i])
    end
  end
end
return out
`;
