-- A claim given back did not happen, so it stops counting as an attempt: `attempts > 1` then
-- still means only what callers take it to mean, an earlier claim that may have half-happened.
if redis.call('HGET', KEYS[1], 'state') == 'in_progress' then
  redis.call('HSET', KEYS[1], 'state', 'released', 'lease_until', 0)
  redis.call('HINCRBY', KEYS[1], 'attempts', -1)
end
return 1
