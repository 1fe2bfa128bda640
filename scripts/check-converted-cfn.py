#!/usr/bin/env python3
"""Converts the corpus's ECS JSON and CloudFormation files to CloudFormation and runs cfn-lint on
the output (scripts/check-converted-cfn.sh sets it up; docs/convert.md records the result).

An error in a converted template is *inherited* when the source template has the same error (rule
and template path) or, for ECS JSON sources, when it judges a value the source wrote (a role ARN
with a placeholder account, an enumeration value ECS does not accept); anything else is
*introduced* by the converter, and makes the exit status 1.
"""
import argparse
import collections
import json
import os
import pathlib
import re
import subprocess
import sys

KINDS = {"ecs-taskdef-json", "ecs-service-json", "cfn-json", "cfn-yaml"}

# cfn-lint rules that judge a value as written (patterns, enumerations, formats, types, required
# members, references): in a template converted from ECS JSON they report the source's value.
VALUE_RULES = {
    "E1150", "E1151", "E1152", "E1153", "E1154", "E1155", "E1156", "E1157", "E1158",
    "E3012", "E3030", "E3031", "E3033", "E3034", "E3035", "E3036", "E3037", "E3038", "E3045",
    "E3003", "E3510", "E3511", "E3024", "E3048", "E3052", "E3053", "E3676", "E3687", "E3504", "E3047",
}


# CloudFormation names that are not a case change of the API's (ECS-FACTS.md §7.2).
CLOUDFORMATION_NAMES = {"proxyconfigurationproperties": "properties", "placementstrategies": "placementstrategy",
                        "clustersettings": "settings"}


def ecs_knows(schema, path):
    """Whether the ECS API has the member a CloudFormation path (below Properties) ends in."""
    structures = schema["structures"]
    for root in schema["roots"]["ecs"].values():
        structure = root
        for segment in path[:-1]:
            if segment.isdigit():
                continue
            name = CLOUDFORMATION_NAMES.get(segment.lower(), segment.lower())
            member = next((value for key, value in structures[structure]["members"].items() if key.lower() == name), None)
            reference = member and (member.get("ref") or member.get("items", {}).get("ref") or member.get("values", {}).get("ref"))
            if not reference:
                structure = None
                break
            structure = reference
        last = CLOUDFORMATION_NAMES.get(path[-1].lower(), path[-1].lower()) if path else ""
        if structure and last in {key.lower() for key in structures[structure]["members"]}:
            return True
    return False


def inherited_from_ecs_json(item, schema):
    """An error of a template converted from ECS JSON that the ECS JSON already had: a value
    check, or a property CloudFormation does not know where ECS does not know it either (an
    unknown field of the source, which ecs-lint reports as ECS003)."""
    rule = item["Rule"]["Id"]
    if rule == "E3002":
        path = [str(part) for part in (item["Location"].get("Path") or [])]
        below = path[path.index("Properties") + 1:] if "Properties" in path else []
        return bool(below) and not ecs_knows(schema, below)
    return rule in VALUE_RULES


def lint(cfn_lint, files):
    """cfn-lint's JSON findings per file (one process for all files)."""
    findings = collections.defaultdict(list)
    for start in range(0, len(files), 200):
        batch = files[start:start + 200]
        result = subprocess.run([cfn_lint, "--format", "json", "--", *batch], capture_output=True, text=True)
        try:
            items = json.loads(result.stdout or "[]")
        except json.JSONDecodeError:
            sys.exit("cfn-lint did not print JSON: " + result.stderr[-2000:])
        for item in items:
            findings[os.path.abspath(item["Filename"])].append(item)
    return findings


def key(item):
    return item["Rule"]["Id"], tuple(str(part) for part in (item["Location"].get("Path") or []))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ecs-lint", required=True)
    parser.add_argument("--cfn-lint", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--formats", default="cfn-yaml,cfn-json")
    parser.add_argument("--schema", required=True, help="rules/data/ecs-schema.json")
    arguments = parser.parse_args()

    schema = json.loads(pathlib.Path(arguments.schema).read_text())
    corpus = pathlib.Path(arguments.corpus)
    work = pathlib.Path(arguments.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = [line.split("\t") for line in (corpus / "MANIFEST.tsv").read_text().splitlines()[1:]]
    sources = [(row[0], row[5]) for row in rows if len(row) > 5 and row[5] in KINDS]

    converted = []  # (format, source path, kind, output path)
    refused = collections.Counter()
    for format_name in arguments.formats.split(","):
        extension = "yaml" if format_name == "cfn-yaml" else "json"
        for index, (path, kind) in enumerate(sources):
            output = work / format_name / f"{index:04d}.{extension}"
            output.parent.mkdir(parents=True, exist_ok=True)
            if output.exists():
                output.unlink()
            result = subprocess.run([arguments.ecs_lint, "convert", "--to", format_name, "--allow-lossy", "-o", str(output),
                                     str(corpus / path)], capture_output=True, text=True)
            if result.returncode != 0:
                if "internal error" in result.stderr:
                    print(f"INTERNAL ERROR converting {path}: {result.stderr.strip()}", file=sys.stderr)
                    return 1
                refused[format_name] += 1  # not convertible: does not parse, or no ECS resource in it
                continue
            converted.append((format_name, path, kind, str(output.resolve())))

    output_findings = lint(arguments.cfn_lint, [entry[3] for entry in converted])
    cfn_sources = sorted({str((corpus / path).resolve()) for _, path, kind, _ in converted if kind.startswith("cfn-")})
    source_findings = lint(arguments.cfn_lint, cfn_sources)

    totals = collections.Counter()
    introduced = []
    for format_name, path, kind, output in converted:
        totals[format_name, "files"] += 1
        errors = [item for item in output_findings.get(output, []) if item["Level"] == "Error"]
        warnings = [item for item in output_findings.get(output, []) if item["Level"] != "Error"]
        totals[format_name, "warnings"] += len(warnings)
        if errors:
            totals[format_name, "files with errors"] += 1
        if kind.startswith("cfn-"):
            known = {key(item) for item in source_findings.get(str((corpus / path).resolve()), [])}
            inherited = [item for item in errors if key(item) in known]
        else:
            inherited = [item for item in errors if inherited_from_ecs_json(item, schema)]
        totals[format_name, "errors"] += len(errors)
        totals[format_name, "inherited"] += len(inherited)
        for item in errors:
            if item not in inherited:
                introduced.append((format_name, path, item))

    for format_name in arguments.formats.split(","):
        print(f"{format_name}: {totals[format_name, 'files']} templates checked ({refused[format_name]} inputs not convertible); "
              f"{totals[format_name, 'errors']} errors in {totals[format_name, 'files with errors']} templates, "
              f"{totals[format_name, 'inherited']} of them inherited from the source; {totals[format_name, 'warnings']} warnings")
    for format_name, path, item in introduced:
        location = item["Location"]["Start"]
        print(f"introduced ({format_name}): {path}: {item['Rule']['Id']} at {location['LineNumber']}:{location['ColumnNumber']} "
              f"{'/'.join(str(part) for part in item['Location'].get('Path', []))}: {item['Message']}")
    print(f"{len(introduced)} errors introduced by the conversion")
    return 1 if introduced else 0


if __name__ == "__main__":
    sys.exit(main())
