#!/usr/bin/env python3
"""Checks JSON bodies against a schema of openapi/prextra-sync.yaml (OpenAPI 3.1, JSON Schema 2020-12).

Reads a JSON array from the file named on the command line (or stdin):
[{"schema": "TrackedEmail", "body": {...}}, ...]. Prints one line per
entry ("ok <schema>" or "invalid <schema>: <reason>") and exits 1 when any entry is invalid.
Used by the Swift tests for bodies that Schemathesis cannot reach (its run has no mailbox data).
jsonschema_rs comes with Schemathesis (scripts/python-requirements.txt).
"""
import json
import pathlib
import sys

import jsonschema_rs
import yaml

DOCUMENT = pathlib.Path(__file__).resolve().parent.parent / "openapi" / "prextra-sync.yaml"


def main() -> int:
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    components = document["components"]
    failed = False
    source = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    for entry in json.load(source):
        name = entry["schema"]
        if name not in components["schemas"]:
            print(f"invalid {name}: no such schema in {DOCUMENT.name}")
            failed = True
            continue
        root = {"$ref": f"#/components/schemas/{name}", "components": components}
        validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
        errors = [f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message}" for error in validator.iter_errors(entry["body"])]
        if errors:
            failed = True
            print(f"invalid {name}: " + "; ".join(errors[:5]))
        else:
            print(f"ok {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
