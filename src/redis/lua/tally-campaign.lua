-- One campaign post, counted once however often it is read (a repeated poll, two processes).
-- KEYS: seen (set of tweet ids), people (set of hashed author ids), counts (hash: posts, d:<date>),
--       places (hash: place name -> posts)
-- ARGV: tweet id, hashed author id, YYYY-MM-DD (Asia/Jakarta), place name or ""
-- Returns 1 when counted now, 0 when it had been counted before.
if redis.call("SADD", KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call("SADD", KEYS[2], ARGV[2])
redis.call("HINCRBY", KEYS[3], "posts", 1)
redis.call("HINCRBY", KEYS[3], "d:" .. ARGV[3], 1)
if ARGV[4] ~= "" then
  redis.call("HINCRBY", KEYS[4], ARGV[4], 1)
end
return 1
