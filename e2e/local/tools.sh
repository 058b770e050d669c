#!/usr/bin/env bash
# Builds (once) every binary the local environment and the tests need, from package registries only, into a
# cache outside the repository. A tool is rebuilt only when its pinned version changes.
#
#   e2e/local/tools.sh            build what is missing, print the bin directory
#   e2e/local/tools.sh --print    print the bin directory without building
#   e2e/local/tools.sh --ack      also build ACK's SQS, SNS and IAM controllers and fetch their CRDs
#                                 (opt-in: only `make bench-ack` needs them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

CACHE=${MSA_CACHE_DIR:-$HOME/.cache/msa-operator}
BIN=$CACHE/bin
SRC=$CACHE/src
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
mkdir -p "$BIN" "$SRC"

log() { printf '[tools] %s\n' "$*" >&2; }

# stamp NAME VERSION: true when NAME was already built at VERSION
built() { [[ -f "$BIN/.$1.version" && "$(cat "$BIN/.$1.version")" == "$2" ]]; }
stamp() { echo "$2" >"$BIN/.$1.version"; }

build_kubernetes() {
  built kubernetes "$K8S_VERSION" && return 0
  local v=${K8S_VERSION#v} dir=$SRC/kubernetes-$K8S_VERSION
  local minor major
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  log "building Kubernetes $K8S_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl)"
  log "  from the k8s.io/kubernetes module; the first build takes 10-20 minutes, the result is cached in $BIN"
  mkdir -p "$dir" && cd "$dir"
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module msa.dev/localtools/kubernetes"
    echo
    echo "go 1.26.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local paths;
    # point each at the published module of the same release instead.
    grep -E '^\s+k8s.io/[a-z0-9-]+ v0\.0\.0\s*$' "$gomod" | awk -v v="v0.${minor}.${v##*.}" '{print "replace " $1 " => " $1 " " v}'
    echo
    echo "tool ("
    for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do echo "  k8s.io/kubernetes/cmd/$c"; done
    echo ")"
  } >go.mod
  go mod tidy >&2
  local ld="" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  go build -trimpath -ldflags "-s -w $ld" -o "$BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  stamp kubernetes "$K8S_VERSION"
  log "built Kubernetes $("$BIN/kube-apiserver" --version)"
}

build_etcd() {
  built etcd "$ETCD_VERSION" && return 0
  local dir=$SRC/etcd-$ETCD_VERSION
  log "building etcd $ETCD_VERSION (cached in $BIN)"
  mkdir -p "$dir" && cd "$dir"
  # the server module's go.mod has replace lines, so `go install` refuses it: wrap it.
  printf 'module msa.dev/localtools/etcd\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n\ntool go.etcd.io/etcd/server/v3\n' \
    "$ETCD_VERSION" >go.mod
  go mod tidy >&2
  go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3
  stamp etcd "$ETCD_VERSION"
}

build_kwok() {
  built kwok "$KWOK_VERSION" && return 0
  log "building kwok and kwokctl $KWOK_VERSION (cached in $BIN)"
  GOBIN=$BIN go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
    "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
  stamp kwok "$KWOK_VERSION"
}

build_helm() {
  built helm "$HELM_VERSION" && return 0
  log "building helm $HELM_VERSION (cached in $BIN)"
  GOBIN=$BIN go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  stamp helm "$HELM_VERSION"
}

build_promtool() {
  built promtool "$PROMETHEUS_VERSION" && return 0
  log "building promtool $PROMETHEUS_VERSION (cached in $BIN)"
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" \
    "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"
  stamp promtool "$PROMETHEUS_VERSION"
}

install_moto() {
  built moto "$MOTO_VERSION" && [[ -x $CACHE/moto-venv/bin/moto_server ]] && return 0
  log "installing moto[server] $MOTO_VERSION into $CACHE/moto-venv"
  rm -rf "$CACHE/moto-venv"
  python3 -m venv "$CACHE/moto-venv"
  "$CACHE/moto-venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
  ln -sf "$CACHE/moto-venv/bin/moto_server" "$BIN/moto_server"
  stamp moto "$MOTO_VERSION"
}

# KEDA's published ScaledObject and TriggerAuthentication CRDs, copied from its Go module into the
# cache: `make up` and the *IT tests install them to play a cluster with KEDA (no KEDA runs here).
fetch_keda_crds() {
  built keda-crds "$KEDA_VERSION" && [[ -f $CACHE/keda/keda.sh_triggerauthentications.yaml ]] && return 0
  log "fetching KEDA $KEDA_VERSION's CRDs from its Go module into $CACHE/keda"
  local dir
  dir=$(cd "$SRC" && go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" |
    sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  mkdir -p "$CACHE/keda"
  for crd in scaledobjects triggerauthentications; do
    install -m 0644 "$dir/config/crd/bases/keda.sh_$crd.yaml" "$CACHE/keda/"
  done
  stamp keda-crds "$KEDA_VERSION"
}

# fabric8 kube-api-test looks for <dir>/k8s/<X.Y.Z>-linux-amd64/{kube-apiserver,etcd,kubectl};
# when the folder exists it downloads nothing.
link_kube_api_test() {
  local d=$CACHE/kubeapitest/k8s/${K8S_VERSION#v}-linux-amd64
  mkdir -p "$d"
  for b in kube-apiserver kubectl; do ln -sf "$BIN/$b" "$d/$b"; done
  # kube-api-test starts etcd on 0.0.0.0 and has no setting for it: keep it on loopback.
  rm -f "$d/etcd"
  cat >"$d/etcd" <<WRAPPER
#!/usr/bin/env bash
# Written by e2e/local/tools.sh: etcd for kube-api-test, its 0.0.0.0 URLs moved to 127.0.0.1.
args=()
for a in "\$@"; do args+=("\${a//0.0.0.0/127.0.0.1}"); done
exec "$BIN/etcd" "\${args[@]}"
WRAPPER
  chmod +x "$d/etcd"
}

# ACK's controllers (opt-in, for `make bench-ack`): each built from its own Go module at the pinned
# version into $BIN/ack-<svc>-controller, and its CRDs copied from the same module into $CACHE/ack/<svc>.
# Nothing of ACK is in the repository; the bench only builds and runs it.
ACK_REPLACE=(
  "github.com/aws-controllers-k8s/runtime@$ACK_REPLACE_RUNTIME"
  "github.com/aws-controllers-k8s/kms-controller@$ACK_REPLACE_KMS_CONTROLLER"
  "github.com/aws-controllers-k8s/iam-controller@$ACK_REPLACE_IAM_CONTROLLER"
)
# runtime_shim DIR: a copy of runtime $ACK_REPLACE_RUNTIME in DIR/runtime plus one file of ours that adds
# errors.WrapPostCreateError (runtime v0.67), the one runtime symbol sns-controller v1.12.0 uses that
# v0.62.0 lacks. Identity is exact for its four call sites: each is in a deferred func tested on the
# named result err after `return ..., nil`, so err is nil there and the wrap never runs.
runtime_shim() {
  local dir=$1 rt
  rt=$(cd "$SRC" && go mod download -json "github.com/aws-controllers-k8s/runtime@$ACK_REPLACE_RUNTIME" |
    sed -n 's/.*"Dir": "\(.*\)".*/\1/p' | head -1)
  [[ -n $rt ]] || return 1
  rm -rf "$dir/runtime" && cp -r "$rt" "$dir/runtime" && chmod -R u+w "$dir/runtime"
  cat >"$dir/runtime/pkg/errors/msa_localtools_shim.go" <<'SHIM'
package errors

// WrapPostCreateError stands in for runtime v0.67's function of that name (see tools.sh).
func WrapPostCreateError(err error) error { return err }
SHIM
}
build_ack() {
  local svc=$1 version=$2 shim=${3:-}
  local stampv="$version ${ACK_REPLACE[*]}${shim:+ runtime-shim}"
  built "ack-$svc" "$stampv" && [[ -x $BIN/ack-$svc-controller && -d $CACHE/ack/$svc ]] && return 0
  local mod=github.com/aws-controllers-k8s/$svc-controller dir=$SRC/ack-$svc-$version r
  log "building ACK $svc-controller $version (cached in $BIN)"
  mkdir -p "$dir" && cd "$dir"
  # A wrapper module, as for etcd, with ACK_REPLACE_* (versions.env): some of the ACK modules the
  # controllers require are not served by the module proxy here.
  {
    printf 'module msa.dev/localtools/ack-%s\n\ngo 1.26.0\n\nrequire %s %s\n\n' "$svc" "$mod" "$version"
    for r in "${ACK_REPLACE[@]}"; do
      if [[ -n $shim && ${r%@*} == */runtime ]]; then
        printf 'replace %s => ./runtime\n' "${r%@*}"
      else
        printf 'replace %s => %s %s\n' "${r%@*}" "${r%@*}" "${r#*@}"
      fi
    done
    printf '\ntool %s/cmd/controller\n' "$mod"
  } >go.mod
  if [[ -n $shim ]]; then runtime_shim "$dir" || return 1; fi
  # `|| return`: the SNS build below runs where `set -e` does not apply
  go mod tidy >&2 || return 1
  go build -trimpath -ldflags "-s -w" -o "$BIN/ack-$svc-controller" "$mod/cmd/controller" || return 1
  local src
  src=$(go list -m -json "$mod" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p' | head -1)
  rm -rf "$CACHE/ack/$svc" && mkdir -p "$CACHE/ack/$svc"
  install -m 0644 "$src"/config/crd/bases/*.yaml "$CACHE/ack/$svc/"
  # the shared ACK types (FieldExport, IAMRoleSelector) come with every controller
  if [[ -d $src/config/crd/common/bases ]]; then
    install -m 0644 "$src"/config/crd/common/bases/*.yaml "$CACHE/ack/$svc/"
  fi
  stamp "ack-$svc" "$stampv"
}

if [[ ${1:-} == --ack ]]; then
  build_ack sqs "$ACK_SQS_VERSION"
  build_ack iam "$ACK_IAM_VERSION"
  # sns-controller v1.12.0 calls runtime v0.67's WrapPostCreateError, absent from the runtime served
  # here: built against runtime_shim. Should the build still fail, `make bench-ack` runs without SNS.
  if ! (build_ack sns "$ACK_SNS_VERSION" shim); then
    rm -rf "$BIN/ack-sns-controller" "$CACHE/ack/sns"
    log "ACK sns-controller $ACK_SNS_VERSION could not be built here; make bench-ack runs without SNS"
  fi
  mkdir -p "$CACHE/ack" && echo "$CACHE/ack"
  exit 0
fi

if [[ ${1:-} != --print ]]; then
  build_kubernetes
  build_etcd
  build_kwok
  build_helm
  build_promtool
  install_moto
  fetch_keda_crds
  link_kube_api_test
fi
echo "$BIN"
