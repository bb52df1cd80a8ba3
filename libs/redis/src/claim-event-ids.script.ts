/**
 * One Redis call for a registration request: its rate-limit count, then its eventId claims.
 *
 * KEYS: when counted, the counter's hit and block keys first; then one key per claimed eventId.
 * ARGV: counted (1 or 0), window ms, limit, the ids' time to live in seconds, then per id its
 * fingerprint and what to remember with it (possibly empty); an id holds `fingerprint NUL remember`.
 * Answer: when counted, { totalHits, ms to the window's reset, blocked (1/0), ms to the block's end },
 * then one verdict per id: 0 new (now held), 2 different, and for the same fingerprint the value
 * held (1 when it holds nothing to hand back: gone meanwhile, or held as a bare fingerprint by the
 * build before this one). A blocked request claims nothing, so a refused request leaves no id behind.
 *
 * The count is the one @nest-lab/throttler-storage-redis makes for every other route (a block as
 * long as the window once the limit is passed), on the same keys, so a principal has one budget
 * whichever route it calls. Every key of the call must live on one server (we run one Redis, not a
 * cluster).
 */
export const CLAIM_EVENT_IDS_SCRIPT = `
local counted = ARGV[1] == '1'
local answer = {}
local firstId = 1
if counted then
  local hitKey, blockKey = KEYS[1], KEYS[2]
  local ttl, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
  local totalHits = redis.call('INCR', hitKey)
  local timeToExpire = redis.call('PTTL', hitKey)
  if timeToExpire <= 0 then
    redis.call('PEXPIRE', hitKey, ttl)
    timeToExpire = ttl
  end
  local isBlocked = redis.call('GET', blockKey)
  local timeToBlockExpire = 0
  if isBlocked then
    timeToBlockExpire = redis.call('PTTL', blockKey)
  elseif totalHits > limit then
    redis.call('SET', blockKey, 1, 'PX', ttl)
    isBlocked = '1'
    timeToBlockExpire = ttl
  end
  if isBlocked and timeToBlockExpire <= 0 then
    redis.call('DEL', blockKey)
    redis.call('SET', hitKey, 1, 'PX', ttl)
    totalHits = 1
    timeToExpire = ttl
    isBlocked = false
  end
  answer = { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }
  if isBlocked then return answer end
  firstId = 3
end
local idTtl = ARGV[4]
for i = firstId, #KEYS do
  local n = i - firstId
  local fingerprint = ARGV[5 + 2 * n]
  local prefix = fingerprint .. '\0'
  if redis.call('SET', KEYS[i], prefix .. ARGV[6 + 2 * n], 'EX', idTtl, 'NX') then
    answer[#answer + 1] = 0
  else
    local held = redis.call('GET', KEYS[i])
    if held == false or held == fingerprint then
      answer[#answer + 1] = 1
    elseif string.sub(held, 1, #prefix) == prefix then
      answer[#answer + 1] = held
    else
      answer[#answer + 1] = 2
    end
  end
end
return answer
`;
