#!/usr/bin/env python3
"""schema-check.py -- validate evstudy's outputs against doc/schema/.

Usage: schema-check.py SCHEMA LIST

LIST names the files to check, one a line.

Each FILE has a note FILE.what: "FORMAT COMMAND TABLE DIR" (written by
the evstudy wrapper of tests/setup; COMMAND is the evstudy command that
wrote it, study for the flag form).  JSON documents are validated with
jsonschema's Draft 2020-12 validator against the schema's root, those of
`evstudy intraday` against $defs/intraday.  CSV tables are
$defs/csv/$defs/TABLE, intraday-TABLE for `evstudy intraday`.  CSV files
are checked three ways: (1) the header is exactly the table's x-columns,
or exactly one of its x-variants where the columns depend on the options
(--measure); (2)
pandas.read_csv with the dtypes derived from the schema (integer ->
Int64, number -> float64, string -> string) reads the file: an integer
column holding 1.5 or text fails here; (3) every row, as an object with
an empty cell null, validates against the table's row schema (the
first MAX_ROWS rows: jsonschema is slow).
Prints one line per failure; exit 1 on any failure, 0 otherwise.
"""
import csv
import json
import sys

import jsonschema
import pandas as pd

# Rows validated per CSV file (all rows are read with the dtypes).
MAX_ROWS = 60
PANDAS = {"integer": "Int64", "number": "float64", "string": "string"}


def resolve(root, node):
    """NODE, or what its $ref points to when it only refers (and
    annotates)."""
    while "$ref" in node and "properties" not in node and "allOf" not in node:
        path = node["$ref"].lstrip("#/").split("/")
        node = root
        for p in path:
            node = node[p]
    return node


def find_property(root, node, name, seen=None):
    """The schema of property NAME in NODE, through $ref and allOf."""
    node = resolve(root, node)
    if name in node.get("properties", {}):
        return resolve(root, node["properties"][name])
    subs = list(node.get("allOf", []))
    if "$ref" in node:
        subs.append({"$ref": node["$ref"]})
    for sub in subs:
        found = find_property(root, sub, name)
        if found is not None:
            return found
    return None


def json_type(root, prop):
    """The non-null JSON type of a property schema."""
    prop = resolve(root, prop)
    types = prop.get("type")
    if types is None and "enum" in prop:
        types = sorted({type(v).__name__ for v in prop["enum"] if v is not None})
        types = ["string" if t == "str" else "integer" if t == "int" else "number" for t in types]
    if types is None and "anyOf" in prop:
        types = [json_type(root, s) for s in prop["anyOf"]]
    if isinstance(types, str):
        types = [types]
    types = [t for t in (types or []) if t not in ("null", None)]
    return types[0] if len(types) == 1 else "string"


def nullable(root, table, name):
    prop = resolve(root, find_property(root, table, name))
    t = prop.get("type", [])
    return "null" in (t if isinstance(t, list) else [t]) or "anyOf" in prop or None in prop.get("enum", [])


def dtypes(root, table):
    return {c: PANDAS[json_type(root, find_property(root, table, c))]
            for c in table["x-columns"]}


def check_csv(root, validator, path, name):
    tables = root["$defs"]["csv"]["$defs"]
    if name not in tables:
        return ["unknown table %r" % name]
    table = tables[name]
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    errors = []
    # The events file's own columns, event.NAME, come last (strings).
    fixed = [c for c in header if not c.startswith("event.")]
    variants = list(table.get("x-variants", {}).values()) or [table["x-columns"]]
    if header[:len(fixed)] != fixed or fixed not in variants:
        return ["header %s is none of the schema's %s" % (header, variants)]
    types = dtypes(root, table)
    types.update({c: "string" for c in header[len(fixed):]})
    try:
        df = pd.read_csv(path, dtype={c: types[c] for c in header},
                         keep_default_na=False, na_values=[""])
    except (ValueError, TypeError) as e:
        return ["pandas.read_csv with the schema's dtypes: %s" % e]
    for c in header:
        if str(df[c].dtype) != types[c]:
            errors.append("column %s read as %s, schema says %s" % (c, df[c].dtype, types[c]))
    row_schema = dict(table)
    row_schema["$defs"] = root["$defs"]
    v = validator(row_schema)
    # An empty cell is null, or "" in a text column that cannot be null
    # (a group named by an empty value).
    empty = {c: "" if types[c] == "string" and c in fixed and not nullable(root, table, c)
             else None for c in header}
    for i, rec in enumerate(df.astype(object).where(df.notna(), None).to_dict("records")):
        rec = {k: (empty[k] if x is None else int(x) if types[k] == "Int64" else x)
               for k, x in rec.items()}
        for e in v.iter_errors(rec):
            errors.append("row %d: %s at %s" % (i + 2, e.message, list(e.absolute_path)))
            break
        if len(errors) > 5 or i >= MAX_ROWS:
            break
    return errors


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        root = json.load(f)
    validator = jsonschema.Draft202012Validator
    validator.check_schema(root)
    json_validator = validator(root)
    intraday = dict(root["$defs"]["intraday"])
    intraday["$defs"] = root["$defs"]
    intraday_validator = validator(intraday)
    failed = checked = 0
    with open(argv[2], encoding="utf-8") as f:
        paths = f.read().split("\n")
    for path in filter(None, paths):
        with open(path + ".what", encoding="utf-8") as f:
            fmt, cmd, table, where = f.read().rstrip("\n").split(" ", 3)
        if fmt == "json":
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            v = intraday_validator if cmd == "intraday" else json_validator
            errors = ["%s at %s" % (e.message[:300], list(e.absolute_path))
                      for e in v.iter_errors(doc)][:5]
        else:
            if cmd == "intraday":
                table = "intraday-" + table
            errors = check_csv(root, validator, path, table)
        checked += 1
        if errors:
            failed += 1
            print("%s (%s %s, made in %s):" % (path, fmt, table, where))
            for e in errors:
                print("  " + e)
    print("%d outputs checked, %d failed" % (checked, failed))
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
