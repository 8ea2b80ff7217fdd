-- KEYS: the source's hash. ARGV: tweet id.
-- Only ever forward: two ingest processes polling at once must not move the cursor back.
local cur = redis.call('HGET', KEYS[1], 'cursor')
if not cur or string.len(ARGV[1]) > string.len(cur) or (string.len(ARGV[1]) == string.len(cur) and ARGV[1] > cur) then
  redis.call('HSET', KEYS[1], 'cursor', ARGV[1])
end
return 1
