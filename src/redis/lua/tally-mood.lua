-- One mention's mood, counted once per tweet id.
-- KEYS: seen (set of tweet ids), day (hash: "<topic>|<polarity>" -> count; topic "_" is every mention)
-- ARGV: tweet id, polarity (positive|neutral|negative), agency id or ""
-- Returns 1 when counted now, 0 when it had been counted before.
if redis.call("SADD", KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call("HINCRBY", KEYS[2], "_|" .. ARGV[2], 1)
if ARGV[3] ~= "" then
  redis.call("HINCRBY", KEYS[2], ARGV[3] .. "|" .. ARGV[2], 1)
end
return 1
