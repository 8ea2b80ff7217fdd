-- KEYS: tweet, ticket, history, idx:received, idx:status:new, idx:status:new:<agency>
-- ARGV: id, json, first event json, score
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then
  return redis.call('GET', KEYS[1])
end
redis.call('HSET', KEYS[2], 'json', ARGV[2], 'rev', 1)
redis.call('RPUSH', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])
return ARGV[1]
