#!/usr/bin/env python3
"""Generate asl-ls's AWS SDK integration data (server/data/sdk.bin) from botocore's models.

    python3 tools/sdk/generate.py                 # download the pinned botocore wheel, write the data
    python3 tools/sdk/generate.py --wheel W.whl   # use a wheel already downloaded
    python3 tools/sdk/generate.py --out FILE      # write elsewhere (the freshness test does this)

Reads, for each Step Functions SDK service name in ../shared/spec/sdk-services.json (copied to
tools/sdk/sdk-services.json), the botocore `service-2` model it maps to, and keeps what asl-ls
needs: each operation's name in camelCase, its first documentation sentence, whether it streams,
its error shapes, and its input members (PascalCase) with their type, required flag, enum values
and first documentation sentence. Nested shapes are not kept.

Output format (all integers little-endian u32):
    b"ASLSDK2\\n", u32 index length, index (JSON, UTF-8), then per service two raw-deflate chunks
    of JSON: the API (`{"ops": [[name, flags, [[param, kind, required, enum index], ...],
    [error, ...]], ...], "enums": [[value, ...], ...]}`) and its documentation (`[[operation doc,
    [param doc, ...]], ...]`, in the same order). The index lists, per service: name, exception
    prefix, botocore directory, API version, unsupported operations, and each chunk's offset and
    length (relative to the end of the index: "chunk" and "docs"); retired services (no botocore
    model) have neither. Chunks decompress independently, so asl-ls inflates only the services a
    definition uses, and their documentation only for hover and completion.

Standard library only. The data is derived from botocore (Apache-2.0); see NOTICE in this folder.
"""

import argparse
import gzip
import html
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib

BOTOCORE_VERSION = "1.43.11"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, "server", "data", "sdk.bin")
SERVICES = os.path.join(HERE, "sdk-services.json")
MAGIC = b"ASLSDK2\n"

TYPES = {
    "string": "s", "integer": "i", "long": "i", "double": "n", "float": "n", "boolean": "b",
    "list": "l", "map": "m", "structure": "o", "timestamp": "t", "blob": "B", "union": "o",
    "document": "a",
}


def first_sentence(doc, limit=200):
    """The first sentence of an HTML documentation string, as plain text."""
    text = re.sub(r"<[^>]+>", " ", doc or "")
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def pascal(name):
    return name[:1].upper() + name[1:]


def camel(name):
    return name[:1].lower() + name[1:]


def wheel_path(args):
    if args.wheel:
        return args.wheel
    folder = os.path.join(ROOT, "target", "botocore")
    wheel = os.path.join(folder, "botocore-%s-py3-none-any.whl" % BOTOCORE_VERSION)
    if not os.path.exists(wheel):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", folder,
             "botocore==%s" % BOTOCORE_VERSION],
            check=True,
        )
    return wheel


def latest_model(wheel, directory):
    """The service-2 model of the greatest API version that has one."""
    prefix = "botocore/data/%s/" % directory
    candidates = sorted(
        n for n in wheel.namelist()
        if n.startswith(prefix) and n.count("/") == 4 and os.path.basename(n).startswith("service-2.json")
    )
    if not candidates:
        return None
    name = candidates[-1]
    raw = wheel.read(name)
    return json.loads(gzip.decompress(raw) if name.endswith(".gz") else raw)


def streams(shapes, shape_name):
    shape = shapes.get(shape_name or "", {})
    for member in shape.get("members", {}).values():
        target = shapes.get(member["shape"], {})
        if target.get("eventstream") or member.get("eventstream"):
            return True
    return False


def service_chunk(model, unsupported):
    shapes = model["shapes"]
    enums = []
    enum_index = {}
    ops = []
    docs = []
    for op_name in sorted(model["operations"]):
        op = model["operations"][op_name]
        input_name = (op.get("input") or {}).get("shape")
        output_name = (op.get("output") or {}).get("shape")
        flags = ""
        if op.get("deprecated"):
            flags += "d"
        if streams(shapes, input_name) or streams(shapes, output_name):
            flags += "s"
        if op_name in unsupported:
            flags += "u"
        members = []
        member_docs = []
        input_shape = shapes.get(input_name or "", {})
        required = set(input_shape.get("required", []))
        for member_name, member in input_shape.get("members", {}).items():
            target = shapes.get(member["shape"], {})
            enum = target.get("enum")
            index = -1
            if enum:
                key = tuple(enum)
                if key not in enum_index:
                    enum_index[key] = len(enums)
                    enums.append(list(enum))
                index = enum_index[key]
            name = pascal(member_name)
            if name == "Equals":
                name = "EqualsValue"
            members.append([name, TYPES.get(target.get("type"), "a"), 1 if member_name in required else 0, index])
            member_docs.append(first_sentence(member.get("documentation") or target.get("documentation"), 160))
        errors = sorted({e["shape"] for e in op.get("errors", [])})
        ops.append([camel(op_name), flags, members, errors])
        docs.append([first_sentence(op.get("documentation")), member_docs])
    return {"ops": ops, "enums": enums}, docs


def generate(wheel_file):
    spec = json.load(open(SERVICES, encoding="utf-8"))
    wheel = zipfile.ZipFile(wheel_file)
    index = []
    blobs = []
    offset = 0
    for name in sorted(spec["services"]):
        entry = spec["services"][name]
        unsupported = set(entry.get("unsupported_operations", []))
        model = latest_model(wheel, entry["botocore"]) if entry.get("botocore") else None
        row = {
            "name": name,
            "prefix": entry.get("exception_prefix", ""),
            "botocore": entry.get("botocore") or "",
            "unsupported": sorted(camel(o) for o in unsupported),
        }
        if model is not None:
            row["api"] = model["metadata"].get("apiVersion", "")
            api, docs = service_chunk(model, unsupported)
            for key, part in (("chunk", api), ("docs", docs)):
                data = json.dumps(part, separators=(",", ":"), ensure_ascii=False)
                compressor = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
                blob = compressor.compress(data.encode("utf-8")) + compressor.flush()
                row[key] = [offset, len(blob)]
                offset += len(blob)
                blobs.append(blob)
        index.append(row)
    header = json.dumps(
        {"botocore": BOTOCORE_VERSION, "deprecated": spec.get("deprecated", []), "services": index},
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    return MAGIC + struct.pack("<I", len(header)) + header + b"".join(blobs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", help="botocore wheel to read (default: download the pinned one)")
    parser.add_argument("--out", default=DEFAULT_OUT, help="where to write the data")
    args = parser.parse_args()
    data = generate(wheel_path(args))
    with open(args.out, "wb") as out:
        out.write(data)
    print("%s: %d bytes (botocore %s)" % (args.out, len(data), BOTOCORE_VERSION))


if __name__ == "__main__":
    main()
