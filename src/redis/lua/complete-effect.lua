redis.call('HSET', KEYS[1], 'state', 'done', 'result', ARGV[1])
redis.call('HDEL', KEYS[1], 'lease_until')
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
