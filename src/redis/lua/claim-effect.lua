-- Redis TIME, not the caller's clock: leases must mean the same on every machine.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'done' then return 'done' end
if state == 'in_progress' and tonumber(redis.call('HGET', KEYS[1], 'lease_until')) > now then
  return 'in_progress'
end
redis.call('HSET', KEYS[1], 'state', 'in_progress', 'lease_until', now + tonumber(ARGV[1]))
if redis.call('HINCRBY', KEYS[1], 'attempts', 1) > 1 then return 'reclaimed' end
return 'claimed'
