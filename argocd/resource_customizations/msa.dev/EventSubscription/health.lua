-- Argo CD health of an msa.dev resource. Microservice, DataStore and EventSubscription share one
-- status contract (status.observedGeneration and a summarising Ready condition whose reason names
-- the cause), so the three kinds share this script; docs/argocd.md describes the mapping.

-- Ready=False reasons that waiting does not fix: the spec, the AWS account or the operator's
-- configuration has to change. AWS error codes are matched by prefix, so both AccessDenied and
-- AccessDeniedException count.
local terminalReasons = {
  NameConflict = true,
  KeySchemaMismatch = true,
  SubscriptionNotAllowed = true,
  ManagedPolicyNotAllowed = true,
  IdentityProviderUnknown = true,
  DeletionProtected = true,
  DeletionFailed = true,
}
local terminalPrefixes = {
  "AccessDenied", "AuthorizationError", "InvalidClientTokenId", "UnauthorizedOperation",
  "Validation", "InvalidParameter", "InvalidAttribute", "InvalidInput",
  "MalformedPolicyDocument", "LimitExceeded", "EntityAlreadyExists",
}
-- The operator ends the message of every AWS failure it will not retry with this phrase.
local terminalMarker = "not retried until"

local function isTerminal(condition)
  local reason = condition.reason or ""
  if terminalReasons[reason] then
    return true
  end
  for _, prefix in ipairs(terminalPrefixes) do
    if string.sub(reason, 1, string.len(prefix)) == prefix then
      return true
    end
  end
  return condition.message ~= nil and string.find(condition.message, terminalMarker, 1, true) ~= nil
end

local function readyCondition()
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      return condition
    end
  end
  return nil
end

local function describe(condition)
  if condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  return condition.reason or ""
end

local hs = {}
local ready = readyCondition()

-- Deleting an object that has a finalizer raises its generation: a Ready condition of the new
-- generation was written by the operator's cleanup and says what holds the deletion up.
if obj.metadata.deletionTimestamp ~= nil then
  if ready ~= nil and ready.status == "False" and ready.observedGeneration == obj.metadata.generation then
    if isTerminal(ready) then
      hs.status = "Degraded"
    else
      hs.status = "Progressing"
    end
    hs.message = describe(ready)
  else
    hs.status = "Progressing"
    hs.message = "being deleted: the operator removes the AWS resources first"
  end
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to report a status"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe generation " .. generation
  return hs
end

if ready == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the Ready condition"
elseif ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
elseif ready.status == "False" and isTerminal(ready) then
  hs.status = "Degraded"
  hs.message = describe(ready)
else
  hs.status = "Progressing"
  hs.message = describe(ready)
end
return hs
