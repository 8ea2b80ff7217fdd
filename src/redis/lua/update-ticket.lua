-- KEYS: ticket, history, old status idx, old status+agency idx, new status idx, new status+agency idx
-- ARGV: expected rev, json, event json or '', id, score
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'rev', tonumber(ARGV[1]) + 1)
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
if KEYS[3] ~= KEYS[5] then
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[5], ARGV[5], ARGV[4])
end
if KEYS[4] ~= KEYS[6] then
  redis.call('ZREM', KEYS[4], ARGV[4])
  redis.call('ZADD', KEYS[6], ARGV[5], ARGV[4])
end
return 1
