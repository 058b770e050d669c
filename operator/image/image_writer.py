#!/usr/bin/env python3
"""Deterministic writers for the Debian base image (operator/image/debian-base.sh).

  image_writer.py truststore OUT.jks PEM...
      A JKS truststore (password "changeit", as Debian's ca-certificates-java writes it) holding
      every certificate of the PEM files, aliases "debian:<file name>", in sorted order and with a
      fixed creation date: keytool stamps each entry with the current time, so the same
      certificates would give a different file, and a different image digest, on every build.

  image_writer.py image OUT.tar ROOTFS CONFIG.json TAG OWNER...
      A docker-save tarball (manifest.json, the config, one layer) of ROOTFS. Entries are sorted,
      every mtime is fixed and every owner is 0:0 except the OWNER arguments ("path=uid:gid"),
      so the same files give the same layer digest. CONFIG.json is the image config without its
      rootfs; the layer's diff_id is added. Prints the layer diff_id and the image id.
"""

import base64
import hashlib
import io
import json
import os
import re
import struct
import sys
import tarfile

# Jib stamps its own layers with this time (one second after the epoch); the base does the same.
MTIME = 1
PEM = re.compile(rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.S)


def truststore(out, pems):
    entries = []
    for pem in sorted(pems, key=os.path.basename):
        with open(pem, "rb") as f:
            for i, body in enumerate(PEM.findall(f.read())):
                # the names ca-certificates-java gives them: debian:<name>.pem
                alias = "debian:" + re.sub(r"\.crt$", ".pem", os.path.basename(pem)).lower()
                entries.append((alias if i == 0 else f"{alias}-{i}", base64.b64decode(body)))
    data = io.BytesIO()
    data.write(struct.pack(">IIi", 0xFEEDFEED, 2, len(entries)))
    for alias, der in entries:
        data.write(struct.pack(">i", 2))  # a trusted certificate entry
        write_utf(data, alias)
        data.write(struct.pack(">q", MTIME * 1000))
        write_utf(data, "X.509")
        data.write(struct.pack(">i", len(der)))
        data.write(der)
    # JKS integrity: SHA-1 over the password as UTF-16BE, a fixed phrase, then the store.
    body = data.getvalue()
    digest = hashlib.sha1("changeit".encode("utf-16-be") + b"Mighty Aphrodite" + body).digest()
    with open(out, "wb") as f:
        f.write(body + digest)


def write_utf(out, text):
    encoded = text.encode("utf-8")
    out.write(struct.pack(">H", len(encoded)))
    out.write(encoded)


def write_layer(out, rootfs, owners):
    paths = []
    for directory, dirs, files in os.walk(rootfs):
        for name in dirs + files:
            paths.append(os.path.relpath(os.path.join(directory, name), rootfs))
    with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(paths):
            info = tar.gettarinfo(os.path.join(rootfs, path), arcname=path)
            info.uid, info.gid = owners.get(path, (0, 0))
            info.uname = info.gname = ""
            info.mtime = MTIME
            if info.isreg():
                with open(os.path.join(rootfs, path), "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def image(out, rootfs, config_file, tag, owner_args):
    owners = {}
    for arg in owner_args:
        path, ids = arg.split("=")
        uid, gid = ids.split(":")
        owners[path.strip("/")] = (int(uid), int(gid))
    layer_file = out + ".layer"
    write_layer(layer_file, rootfs, owners)
    diff_id = sha256_file(layer_file)
    with open(config_file) as f:
        config = json.load(f)
    config["rootfs"] = {"type": "layers", "diff_ids": ["sha256:" + diff_id]}
    config_json = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    image_id = hashlib.sha256(config_json).hexdigest()
    manifest = [
        {"Config": image_id + ".json", "RepoTags": [tag], "Layers": [diff_id + "/layer.tar"]}
    ]
    with tarfile.open(out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        add_member(tar, diff_id + "/layer.tar", os.path.getsize(layer_file), open(layer_file, "rb"))
        add_member(tar, image_id + ".json", len(config_json), io.BytesIO(config_json))
        manifest_json = json.dumps(manifest, separators=(",", ":")).encode()
        add_member(tar, "manifest.json", len(manifest_json), io.BytesIO(manifest_json))
    os.remove(layer_file)
    print(f"layer sha256:{diff_id}")
    print(f"image sha256:{image_id}")


def add_member(tar, name, size, content):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, MTIME, 0o644
    with content:
        tar.addfile(info, content)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "truststore":
        truststore(args[0], args[1:])
    elif command == "image":
        image(args[0], args[1], args[2], args[3], args[4:])
    else:
        sys.exit(f"unknown command {command}: truststore or image")
