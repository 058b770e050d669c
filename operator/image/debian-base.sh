#!/usr/bin/env bash
# Builds the operator's Debian base image, a distroless-like Java 17 runtime, as a docker-save
# tarball that Jib takes as `tar://` base, with no Docker daemon and no container registry: the
# Debian 12 packages pinned in packages.lock (exact version and .deb sha256) fetched with apt,
# unpacked with dpkg-deb, plus the nonroot user (65532), /tmp, a CA bundle and Java's truststore.
# The tarball is written deterministically (image_writer.py), so one lock gives one digest.
# The .debs and the tarball are cached in ${MSA_CACHE_DIR:-~/.cache/msa-operator}/image: a warm
# run downloads nothing.
#
#   operator/image/debian-base.sh                build it when the cache lacks it, print its path
#   operator/image/debian-base.sh --update-lock  pin each package's current version in the lock
#   operator/image/debian-base.sh --current-if-stale
#       as the first, but when a pinned version is no longer served, build from the versions apt
#       serves now, with a warning, instead of failing: for `make test`, which tests that the image
#       runs and should not fail because Debian published a security update. `make image` is strict.
set -euo pipefail
# byte order for every sorted list and glob, so the image does not depend on the locale
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
LOCK=$here/packages.lock
CACHE=${MSA_CACHE_DIR:-$HOME/.cache/msa-operator}/image
DEBS=$CACHE/debs
JVM=/usr/lib/jvm/java-17-openjdk-amd64
NONROOT=65532
EPOCH=1970-01-01T00:00:01Z

log() { printf '[debian-base] %s\n' "$*" >&2; }
die() { printf '[debian-base] error: %s\n' "$*" >&2; exit 1; }

# the lock's package lines: <package> <version> <sha256>
locked() { grep -vE '^[[:space:]]*(#|$)' "$LOCK"; }
deb() { echo "$DEBS/$1_$2.deb"; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }

CURRENT_IF_STALE=false
APT_UPDATED=false

apt_download() { (cd "$1" && apt-get download "$2=$3") >"$1/log" 2>&1; }

# download PACKAGE VERSION: apt-get download of exactly that version into the cache; a machine
# whose package lists predate the pin gets one apt-get update first
download() {
  local package=$1 version=$2 tmp
  tmp=$(mktemp -d "$DEBS/.download.XXXXXX")
  if ! apt_download "$tmp" "$package" "$version" && ! $APT_UPDATED && [[ $(id -u) == 0 ]]; then
    APT_UPDATED=true
    log "$package $version is not in apt's lists: apt-get update, once"
    apt-get update -qq >"$tmp/log" 2>&1 || true
    apt_download "$tmp" "$package" "$version" || true
  fi
  if ! compgen -G "$tmp/*.deb" >/dev/null; then
    sed 's/^/  /' "$tmp/log" >&2
    rm -rf "$tmp"
    if $CURRENT_IF_STALE; then
      return 1
    fi
    die "$package $version, pinned in ${LOCK#"$root"/}, cannot be downloaded. Debian's" \
      "mirrors serve only the current version of a package, so a pin goes stale when Debian" \
      "publishes an update. Refresh the lock: apt-get update &&" \
      "operator/image/debian-base.sh --update-lock, then commit ${LOCK#"$root"/} (the base" \
      "image's digest changes with it)."
  fi
  mv "$tmp"/*.deb "$(deb "$package" "$version")"
  rm -rf "$tmp"
}

# every locked .deb in the cache, each checked against its sha256; with --current-if-stale, a
# pin that is no longer served switches the build to a lock of today's versions
fetch() {
  local package version expected actual
  while read -r package version expected; do
    if [[ ! -f $(deb "$package" "$version") ]] && ! download "$package" "$version"; then
      log "WARNING: $package $version, pinned in ${LOCK#"$root"/}, is no longer served; building" \
        "from the versions apt serves now. The lock is stale: refresh it with" \
        "operator/image/debian-base.sh --update-lock and commit it."
      CURRENT_IF_STALE=false
      LOCK_SOURCE=$LOCK
      LOCK=$CACHE/packages.current.lock
      cp "$LOCK_SOURCE" "$LOCK"
      update_lock
      fetch
      return
    fi
    actual=$(sha256 "$(deb "$package" "$version")")
    if [[ $actual != "$expected" ]]; then
      rm -f "$(deb "$package" "$version")"
      die "$package $version: the .deb's sha256 is $actual, ${LOCK#"$root"/} says $expected." \
        "Either the lock was edited by hand or the archive changed; refresh it deliberately with" \
        "operator/image/debian-base.sh --update-lock."
    fi
  done < <(locked)
}

update_lock() {
  local package version new=$LOCK.new
  grep -E '^#' "$LOCK" >"$new"
  while read -r package _; do
    version=$(apt-cache policy "$package" | sed -n 's/^ *Candidate: //p')
    [[ -n $version && $version != "(none)" ]] ||
      die "apt knows no version of $package (apt-get update?)"
    [[ -f $(deb "$package" "$version") ]] || download "$package" "$version"
    echo "$package $version $(sha256 "$(deb "$package" "$version")")" >>"$new"
  done < <(locked)
  mv "$new" "$LOCK"
  log "pinned:"
  locked | awk '{print "  " $1 " " $2}' >&2
}

# unpack ROOTFS: the locked packages and what their maintainer scripts would have added
unpack() {
  local rootfs=$1 package version _
  while read -r package version _; do
    dpkg-deb -x "$(deb "$package" "$version")" "$rootfs"
    # what vulnerability scanners read to know the packages, as distroless records them
    mkdir -p "$rootfs/var/lib/dpkg/status.d"
    dpkg-deb -f "$(deb "$package" "$version")" >"$rootfs/var/lib/dpkg/status.d/$package"
  done < <(locked)

  # Only what runs: no documentation but each package's copyright file, no man pages, no gdb
  # helpers, no maintainer tools (there is no shell to run them).
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  find "$rootfs/usr/share/doc" -type d -empty -delete
  rm -rf "$rootfs"/usr/share/{man,info,lintian,gdb,gcc,binfmts} "$rootfs/usr/lib/debug" \
    "$rootfs/usr/sbin/update-ca-certificates"

  # java on PATH, as update-alternatives would link it
  mkdir -p "$rootfs/usr/bin"
  ln -s "../lib/jvm/java-17-openjdk-amd64/bin/java" "$rootfs/usr/bin/java"

  # update-ca-certificates' bundle, and ca-certificates-java's truststore that Debian's JDK reads
  # ($JVM/lib/security/cacerts links to it); JKS with password changeit, as Debian writes it.
  mkdir -p "$rootfs/etc/ssl/certs/java"
  cat "$rootfs"/usr/share/ca-certificates/mozilla/*.crt >"$rootfs/etc/ssl/certs/ca-certificates.crt"
  python3 "$here/image_writer.py" truststore "$rootfs/etc/ssl/certs/java/cacerts" \
    "$rootfs"/usr/share/ca-certificates/mozilla/*.crt

  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' \
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    "nonroot:x:$NONROOT:$NONROOT:nonroot:/home/nonroot:/sbin/nologin" >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' "nonroot:x:$NONROOT:" >"$rootfs/etc/group"
  printf '%s\n' 'passwd: files' 'group: files' 'hosts: files dns' >"$rootfs/etc/nsswitch.conf"
  printf '%s\n' 'PRETTY_NAME="msa-operator base (Debian GNU/Linux 12)"' 'ID=debian' \
    'VERSION_ID="12"' 'VERSION_CODENAME=bookworm' >"$rootfs/etc/os-release"
  mkdir -p "$rootfs/tmp" "$rootfs/root" "$rootfs/home/nonroot"
  chmod 1777 "$rootfs/tmp"
  chmod 700 "$rootfs/root" "$rootfs/home/nonroot"
}

# check ROOTFS: Java starts in it and reads the truststore (chroot needs root)
check() {
  local rootfs=$1 certificates
  if [[ $(id -u) != 0 ]]; then
    log "not root: skipped running java inside the image"
    return 0
  fi
  mkdir "$rootfs/proc"
  # In a mount namespace of its own, with /proc: the dynamic loader reads /proc/self/exe to find
  # java's libraries ($ORIGIN/../lib).
  in_image() { unshare --mount --mount-proc --root="$rootfs" "$@"; }
  in_image "$JVM/bin/java" -version 2>&1 | sed 's/^/  /' >&2
  certificates=$(in_image "$JVM/bin/keytool" -list -cacerts -storepass changeit |
    grep -c trustedCertEntry)
  log "the image's Java trusts $certificates CA certificates"
  [[ $certificates -gt 100 ]] || die "the truststore holds $certificates certificates"
  # leave no trace of the check (/tmp/hsperfdata_root) in the image
  rmdir "$rootfs/proc"
  find "$rootfs/tmp" -mindepth 1 -delete
}

config() {
  cat <<EOF
{
  "architecture": "amd64",
  "os": "linux",
  "created": "$EPOCH",
  "config": {
    "Env": [
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$JVM",
      "LANG=C.UTF-8",
      "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"
    ],
    "User": "$NONROOT:$NONROOT",
    "WorkingDir": "/home/nonroot",
    "Labels": {"dev.msa.operator.base.packages-lock": "sha256:$(sha256 "$LOCK")"}
  },
  "history": [{"created": "$EPOCH", "created_by": "operator/image/debian-base.sh"}]
}
EOF
}

# the tarball's cache path: it depends on the lock and on how it is assembled
tarball() {
  echo "$CACHE/debian-base-$(cat "$LOCK" "$here/debian-base.sh" "$here/image_writer.py" |
    sha256sum | cut -c1-16).tar"
}

cached() {
  [[ -f $out ]] || return 1
  log "cached: $(tr '\n' ' ' <"$out.digest")"
  echo "$out"
}

build() {
  out=$(tarball)
  cached && return 0
  mkdir -p "$DEBS"
  fetch
  # --current-if-stale may have swapped the lock for today's versions
  out=$(tarball)
  cached && return 0
  key=$(basename "$out" .tar)
  key=${key#debian-base-}
  rootfs=$(mktemp -d "$CACHE/.rootfs.XXXXXX")
  trap 'rm -rf "$rootfs" "$rootfs.json" "$out.tmp" "$out.tmp.layer"' EXIT
  chmod 755 "$rootfs"
  unpack "$rootfs"
  check "$rootfs"
  config >"$rootfs.json"
  python3 "$here/image_writer.py" image "$out.tmp" "$rootfs" "$rootfs.json" \
    "msa-operator-base:debian12" "home/nonroot=$NONROOT:$NONROOT" >"$out.digest"
  # one base per lock is enough: drop the tarballs of earlier locks
  find "$CACHE" -maxdepth 1 -name 'debian-base-*.tar*' ! -name "debian-base-$key.tar*" -delete
  mv "$out.tmp" "$out"
  log "built $(tr '\n' ' ' <"$out.digest")($(du -m "$out" | cut -f1) MB)"
  echo "$out"
}

case ${1:-} in
  "") build ;;
  --current-if-stale) CURRENT_IF_STALE=true && build ;;
  --update-lock) mkdir -p "$DEBS" && update_lock ;;
  *) die "usage: operator/image/debian-base.sh [--update-lock | --current-if-stale]" ;;
esac
