# msa-operator — the commands a user and CI run. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# One cache for the Go-built control plane and moto, shared by the scripts and the Java tests.
export MSA_CACHE_DIR ?= $(HOME)/.cache/msa-operator
MVN ?= mvn -B -ntp -Dmsa.cache.dir=$(MSA_CACHE_DIR)
LOCAL := $(CURDIR)/.local
OPERATOR_CP := operator/target/classes:operator/target/lib/*

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: tools
tools: ## build the pinned control plane, kwok, helm, promtool and moto into ~/.cache/msa-operator (once)
	@e2e/local/tools.sh >/dev/null

.PHONY: build
build: ## compile, check formatting and CRD drift, package the operator (no tests)
	$(MVN) -q -DskipTests install

.PHONY: fmt
fmt: ## format the Java sources (google-java-format)
	$(MVN) -q spotless:apply

.PHONY: crds
crds: ## regenerate crds/ and the chart's copy from the API classes (commit the result)
	@# The generator writes operator/target/classes/META-INF/fabric8; CrdFinishing orders the printer
	@# columns and completes the conditions schema, and CrdDriftTest writes the result to crds/.
	$(MVN) -q -pl operator test -Dtest=CrdDriftTest -Dmsa.crds.write=true
	@helm/sync-crds.sh
	@git status --short crds/ helm/msa-operator/templates/crds/

.PHONY: test-unit
test-unit: ## the fast loop: pure *Test tests, no environment needed
	$(MVN) -pl operator test

.PHONY: test-it
test-it: tools ## unit and *IT tests (a real kube-apiserver from kube-api-test, and moto)
	$(MVN) install

# FuzzedSpecsIT runs 200 generated specs in `make test-it` (about 2 minutes) with a fresh seed;
# this runs 1,000 (COUNT=...), and SEED=... replays the run a failure printed.
COUNT ?= 1000
SEED ?=
.PHONY: test-fuzz
test-fuzz: tools ## FuzzedSpecsIT with 1,000 generated specs (COUNT=1000; SEED= replays a run)
	$(MVN) -pl operator -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test=FuzzedSpecsIT -Dmsa.fuzz.count=$(COUNT) $(if $(SEED),-Dmsa.fuzz.seed=$(SEED))

.PHONY: test
test: test-it ## everything CI runs: unit, *IT, then the image and *E2E on a fresh local environment
	@$(MAKE) --no-print-directory test-e2e

.PHONY: test-e2e
test-e2e: ## the image, then the *E2E suite against a fresh `make up`, then `make down` (even when it fails)
	@# A stale pin in operator/image/packages.lock warns here instead of failing (see that file).
	@$(MAKE) --no-print-directory image BASE=debian BASE_PINS=--current-if-stale
	@# One shell so `make down` runs whatever failed, and the suite's exit code is kept.
	@# One reactor build (the operator from this tree, not from ~/.m2), and only the *E2E tests:
	@# the operator's own tests belong to `make test-it`.
	@rc=0; \
	{ $(MAKE) --no-print-directory up && source $(LOCAL)/env.sh && \
	  $(MVN) -pl e2e -am -Pe2e verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
	    -DskipOperatorITs=true; } || rc=$$?; \
	$(MAKE) --no-print-directory down; \
	exit $$rc

.PHONY: up
up: tools ## start the local environment: etcd, apiserver, controller-manager, scheduler, kwok, moto
	@e2e/local/up.sh

.PHONY: down
down: ## stop everything `make up` (and `make demo`) started
	@e2e/local/down.sh

.PHONY: run
run: ## run the operator in the foreground against the current KUBECONFIG (source .local/env.sh first)
	$(MVN) -q -pl operator -am -DskipTests package
	java -cp '$(OPERATOR_CP)' dev.msa.operator.Main

.PHONY: flow
flow: ## who publishes what to whom, from the live objects (NS=shop; every namespace without): text, and .local/flow/event-flow.svg and .dot
	@test -d operator/target/lib || $(MVN) -q -pl operator -am -DskipTests package
	@java -cp '$(OPERATOR_CP)' dev.msa.operator.flow.EventFlowCommand $(if $(NS),--namespace $(NS)) --out $(LOCAL)/flow

.PHONY: demo
demo: ## bring everything up, run the operator, apply samples/ and show them
	@e2e/local/demo.sh

# The image's base. distroless (the default): the digest pinned in operator/pom.xml, pulled from
# gcr.io; what a published image uses, and all `make image-push` builds on. debian: built here from
# the Debian packages pinned in operator/image/packages.lock (operator/image/debian-base.sh), needs
# no container registry; what `make test` runs (test-e2e passes BASE=debian), amd64 only.
BASE ?= distroless
# Strict by default: a Debian pin no longer served fails `make image` (refresh the lock).
BASE_PINS ?=
# A tarball holds one platform; `make image-push` pushes both linux/amd64 and linux/arm64.
PLATFORM ?= linux/amd64
.PHONY: image
image: ## the operator image, operator/target/jib-image.tar, and its SBOM beside it (BASE=distroless or debian)
	@case "$(BASE)" in debian|distroless) ;; *) echo "BASE=$(BASE): use distroless or debian" >&2; exit 2;; esac
	@if [[ $(BASE) == debian && $(PLATFORM) != linux/amd64 ]]; then \
	  echo "BASE=debian is built from amd64 packages: PLATFORM=linux/amd64 only" >&2; exit 2; fi
	$(MVN) -q -pl operator -am -DskipTests install
	@base=; if [[ $(BASE) == debian ]]; then base=tar://$$(operator/image/debian-base.sh $(BASE_PINS)) || exit 1; fi; \
	$(MVN) -q -pl operator jib:buildTar -Djib.disableUpdateChecks=true -Djib.from.platforms=$(PLATFORM) \
	  $${base:+-Djib.base.image=$$base}
	@echo "operator/target/jib-image.tar: $$(cat operator/target/jib-image.digest) on the $(BASE) base for $(PLATFORM)" \
	  "(load it with: docker load -i, or kind load image-archive); its SBOM: operator/target/msa-operator.cdx.json"

# Where `make image-push` pushes <REGISTRY>/msa-operator:<version>, e.g. an ECR registry.
REGISTRY ?=
.PHONY: image-push
image-push: ## publish the image with Jib: distroless base, linux/amd64 + linux/arm64, to REGISTRY/msa-operator:<version>
	@[[ -n "$(REGISTRY)" ]] || { echo "set REGISTRY, e.g. make image-push REGISTRY=123456789012.dkr.ecr.eu-west-1.amazonaws.com" >&2; exit 2; }
	$(MVN) -q -pl operator -am -DskipTests install
	$(MVN) -q -pl operator jib:build -Djib.disableUpdateChecks=true -Djib.target.repository=$(REGISTRY)/msa-operator
	@echo "pushed $(REGISTRY)/msa-operator:$$(cat operator/target/jib-image.digest) for linux/amd64 and linux/arm64;" \
	  "its SBOM: operator/target/msa-operator.cdx.json"

.PHONY: chart
chart: tools ## lint the Helm chart strictly and package it: dist/msa-operator-<version>.tgz (then helm push it)
	@helm=$$(e2e/local/tools.sh --print)/helm; \
	$$helm lint --strict helm/msa-operator --quiet >/dev/null 2>&1 || { $$helm lint --strict helm/msa-operator; exit 1; }; \
	$$helm package helm/msa-operator --destination dist
	@echo "publish it with: helm push dist/msa-operator-$$(sed -n 's/^version: //p' helm/msa-operator/Chart.yaml).tgz oci://<registry>/charts"

.PHONY: chart-crds
chart-crds: ## copy crds/ into the Helm chart's templates (commit the result)
	@helm/sync-crds.sh
	@git status --short helm/msa-operator/templates/crds/

.PHONY: helm-lint
helm-lint: tools ## helm lint --strict the chart with its default, minimal and full values
	@helm=$$(e2e/local/tools.sh --print)/helm; \
	for values in "" helm/msa-operator/ci/*-values.yaml; do \
	  $$helm lint --strict helm/msa-operator $${values:+--values $$values} || exit 1; \
	done

N ?= 100
# The bench harness's own JVM shares the 2 cores with what it measures and needs no optimising JIT:
# with C1 only it spends about 2.5 CPU-seconds of a 100-service burst instead of 5-6.
HARNESS_JVM := -XX:TieredStopAtLevel=1
# The operator JVM's -Xmx in `make bench` (empty: 256m up to N=1000, 1g beyond).
XMX ?=
# More flags for the operator JVM in `make bench` (JVM="-XX:TieredStopAtLevel=1"; none by default).
JVM ?=
# The steps after provisioning (empty: all of steady,memory,single,restart,change,delete) and the
# longest steady-state window in seconds (empty: one resync period and its tenth).
PHASES ?=
STEADY ?=
# Services applied, made Ready and deleted before the timed burst (empty: none; the burst meets a
# cold operator, started a second before).
WARMUP ?=
.PHONY: bench
bench: tools ## SPEC §8 benchmark on `make up` (N=100; `make bench N=1000`, XMX=128m, JVM=..., WARMUP=20): docs/benchmarks.md
	@# The operator and the harness from this tree; the environment is reused when it is running.
	$(MVN) -q -pl e2e -am -Pbench package -DskipTests
	@$(MAKE) --no-print-directory up
	@# kwok's fake node takes 110 pods: one node per 100 services (and the extra ones), and a spare.
	@KWOK_WORKDIR=$(LOCAL)/kwok PATH=$$(e2e/local/tools.sh --print):$$PATH \
	  kwokctl -v WARN scale node --name msa --replicas $$(( $(N) / 100 + 2 ))
	@source $(LOCAL)/env.sh && \
	  java $(HARNESS_JVM) -cp "e2e/target/test-classes:$$(cat e2e/target/bench.classpath)" \
	    -Dmsa.repo.root=$(CURDIR) -Dbench.xmx=$(XMX) -Dbench.jvmOptions="$(JVM)" \
	    -Dbench.phases=$(PHASES) -Dbench.steadySeconds=$(STEADY) -Dbench.warmUp=$(WARMUP) dev.msa.operator.e2e.bench.ProvisioningBench $(N)

ACK_CONCURRENCY ?= 10
.PHONY: bench-ack
bench-ack: tools ## msa-operator vs ACK's controllers, same N, and moto's ceiling (N=100; N=1000): docs/benchmarks.md
	@# ACK's SQS, SNS and IAM controllers from their Go modules (once, into the tool cache), then
	@# msa-operator, ACK at its defaults and ACK at ACK_CONCURRENCY on one `make up` environment.
	@e2e/local/tools.sh --ack >/dev/null
	$(MVN) -q -pl e2e -am -Pbench package -DskipTests
	@$(MAKE) --no-print-directory up
	@KWOK_WORKDIR=$(LOCAL)/kwok PATH=$$(e2e/local/tools.sh --print):$$PATH \
	  kwokctl -v WARN scale node --name msa --replicas $$(( $(N) / 100 + 2 ))
	@source $(LOCAL)/env.sh && \
	  java $(HARNESS_JVM) -cp "e2e/target/test-classes:$$(cat e2e/target/bench.classpath)" \
	    -Dmsa.repo.root=$(CURDIR) dev.msa.operator.e2e.bench.AckBench $(N) $(ACK_CONCURRENCY)
