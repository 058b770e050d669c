-- Argo CD health of an msa.dev resource. Microservice, DataStore and EventSubscription share one
-- status contract, so the three kinds share this script (docs/argocd.md describes the mapping):
-- status.observedGeneration; a summarising Ready condition; and beside it, while Ready is not
-- True, kstatus' Stalled=True (waiting does not fix it: the spec, another object, the AWS account
-- or the operator's configuration must change) or Reconciling=True (in progress, or retrying).
-- Drifted=True (AWS differs where spec.driftPolicy says Report) leaves a Ready object Healthy:
-- reported drift is no failure; the message says what differs. Ready=False with reason PlanOnly
-- (annotated msa.dev/plan-only: the spec, or a deletion, waits for review; status.plan says what
-- applying it would change) is Suspended: nothing is wrong and nothing progresses until the
-- annotation goes.

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return c.reason or ""
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local hs = {}
local ready = condition("Ready")
local stalled = condition("Stalled")

-- Deleting an object that has a finalizer raises its generation: a Ready condition of the new
-- generation was written by the operator's cleanup and says what holds the deletion up.
if obj.metadata.deletionTimestamp ~= nil then
  if ready ~= nil and ready.status == "False" and ready.observedGeneration == obj.metadata.generation then
    if ready.reason == "PlanOnly" then
      hs.status = "Suspended"
    elseif isTrue(stalled) and stalled.observedGeneration == obj.metadata.generation then
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
  local drifted = condition("Drifted")
  if isTrue(drifted) then
    hs.message = hs.message .. "; drift reported: " .. describe(drifted)
  end
elseif ready.reason == "PlanOnly" then
  hs.status = "Suspended"
  hs.message = describe(ready)
elseif isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = describe(stalled)
else
  hs.status = "Progressing"
  hs.message = describe(ready)
end
return hs
