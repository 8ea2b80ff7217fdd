local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('HMGET', KEYS[1], 'state', 'attempts', 'lease_until', 'result')
if v[1] == 'in_progress' and tonumber(v[3]) <= now then v[1] = 'released' end
return v
