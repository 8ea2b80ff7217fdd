-- KEYS: chat log, global log, chat cool-down, global cool-down. ARGV: now ms, per-chat limit, global limit, member id.
-- Returns 0 when the send may go now (and records it), else milliseconds to wait.
local now = tonumber(ARGV[1])
local chatLimit = tonumber(ARGV[2])
local globalLimit = tonumber(ARGV[3])
local cool = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(redis.call('GET', KEYS[4]) or '0'))
if cool > now then return cool - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[1]) >= chatLimit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 60000 - now)
end
if redis.call('ZCARD', KEYS[2]) >= globalLimit then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + 1000 - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], 61000)
redis.call('PEXPIRE', KEYS[2], 2000)
return 0
