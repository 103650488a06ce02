#!/usr/bin/env python3
"""Trims a Kubernetes OpenAPI v3 document (api/openapi-spec/v3/*.json) to the schemas of some kinds.

    trim-openapi.py FULL.json OUT.json KIND...

keeps, under components.schemas, the definitions of the given kinds (matched by their
x-kubernetes-group-version-kind) and every definition they reach through "$ref", drops "paths",
and writes the result with sorted keys, so that the same input gives the same bytes.
SOURCES.md lists the inputs, the kinds and the SHA-256 of both.
"""
import json
import sys


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref[len("#/components/schemas/"):])
        for v in node.values():
            refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)


def main(full, out, kinds):
    with open(full, encoding="utf-8") as f:
        doc = json.load(f)
    schemas = doc["components"]["schemas"]
    roots = set()
    for name, schema in schemas.items():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            if gvk["kind"] in kinds:
                roots.add(name)
    missing = set(kinds) - {g["kind"] for n in roots for g in schemas[n]["x-kubernetes-group-version-kind"]}
    if missing:
        sys.exit(f"no schema for {sorted(missing)} in {full}")
    keep, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(schemas[name], found)
        todo.extend(found - keep)
    trimmed = {
        "openapi": doc["openapi"],
        "info": doc["info"],
        "components": {"schemas": {n: schemas[n] for n in sorted(keep)}},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(trimmed, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], set(sys.argv[3:]))
