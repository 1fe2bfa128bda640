#!/usr/bin/env python3
"""Times ecs-lint against cfn-lint and checkov on the same files, in one run, interleaved.

Run it through bench/run.sh, which builds ecs-lint in release mode and installs the peers.
Each measurement is one process: wall time from spawn to exit, and that process's peak RSS
(os.wait4's rusage is per child). Workloads:

  cfn-all     every CloudFormation file of ../shared/corpus/real (JSON and YAML), one process
  cfn-yaml    the YAML ones, cfn-json the JSON ones
  cfn-one     one CloudFormation file of median size: what a pre-commit hook pays
  ecs-json    every ECS task definition and service JSON of the corpus (ecs-lint only: the
              peers do not read them)
  synthetic   the real corpus copied over and over into ~50 MB / ~20,000 files (ecs-lint only)
  parse-only  ecs-lint-bench: parse, load and lint in memory, for the throughput floor

And shapes that were once quadratic or unbounded (ecs-lint only; generated, issue 30):

  shared-task      20,000 services (describe-services JSON) running one task definition
  tf-module        one Terraform module split into 2,000 files
  minified         a 286 kB one-line task definition with 12,500 findings
  slow-pattern     a custom rule whose pattern backtracks exponentially, over 10,000 values
  tf-chain         a 180 kB .tf file with a 90,000-term operator chain

`--only NAME,...` runs the named workloads alone (`--only shapes` for the five above).

Writes a Markdown report (default bench/results.md) with the date, the machine and the table.
"""

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
# Within one interleaving slot, a tool is run again until this much time is spent (at most
# BURST_MAX_RUNS times): short runs get enough samples, long ones are not repeated.
BURST_SECONDS = 0.25
BURST_MAX_RUNS = 10


def corpus_files(kinds):
    """Paths of corpus/real files whose MANIFEST kind is in `kinds`, sorted."""
    files = []
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as manifest:
        next(manifest)
        for line in manifest:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 6 and fields[0].startswith("real/") and fields[5] in kinds:
                path = CORPUS / fields[0]
                if path.is_file():
                    files.append(path)
    return sorted(files)


def run_once(command, cwd):
    """Wall seconds and peak RSS (MiB) of one process; output is discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "NO_COLOR": "1"})
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return elapsed, usage.ru_maxrss / 1024.0, process.returncode


def make_synthetic(target, megabytes):
    """Copies the real corpus's JSON/YAML files into numbered folders until ~`megabytes` MB."""
    marker = target / f".complete-{megabytes}"
    if marker.exists():
        return sorted(p for p in target.rglob("*") if p.is_file() and not p.name.startswith("."))
    if target.exists():
        shutil.rmtree(target)
    sources = [p for p in sorted((CORPUS / "real").rglob("*")) if p.suffix in (".json", ".yaml", ".yml", ".template") and p.is_file()]
    total = 0
    copy = 0
    files = []
    while total < megabytes * 1_000_000:
        folder = target / f"copy{copy:03d}"
        for index, source in enumerate(sources):
            destination = folder / f"{index:04d}-{source.name}"
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            total += destination.stat().st_size
            files.append(destination)
        copy += 1
    marker.touch()
    return files


SHAPES = ["shared-task", "tf-module", "minified", "slow-pattern", "tf-chain"]


def make_shapes(target):
    """Writes the generated shape workloads under `target`; returns {name: (paths, extra args)}."""
    import json
    if target.exists():
        shutil.rmtree(target)
    shapes = {}
    folder = target / "shared-task"
    folder.mkdir(parents=True)
    (folder / "taskdef.json").write_text(json.dumps(
        {"family": "web", "networkMode": "bridge", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}))
    services = [{"serviceName": f"s{i}", "cluster": "c", "taskDefinition": "web", "desiredCount": 1, "launchType": "EC2"}
                for i in range(20_000)]
    (folder / "services.json").write_text(json.dumps({"services": services}))
    shapes["shared-task"] = ([folder], [])
    folder = target / "tf-module"
    folder.mkdir()
    for i in range(2_000):
        (folder / f"f{i}.tf").write_text(
            f'resource "aws_ecs_task_definition" "t{i}" {{\n  family = "f{i}"\n  cpu = 256\n  memory = 512\n'
            f'  requires_compatibilities = ["FARGATE"]\n  network_mode = "awsvpc"\n'
            f'  container_definitions = jsonencode([{{name = "c", image = "nginx:1.27", essential = true}}])\n}}\n'
            f'locals {{ l{i} = "v{i}" }}\n')
    shapes["tf-module"] = ([folder], [])
    containers = [{"name": f"c{i}", "image": "nginx", "memory": 512, "privileged": True,
                   "environment": [{"name": "DB_PASSWORD", "value": "x"}]} for i in range(2_500)]
    minified = target / "minified.json"
    minified.write_text(json.dumps({"family": "f", "containerDefinitions": containers}, separators=(",", ":")))
    shapes["minified"] = ([minified], [])
    folder = target / "slow-pattern"
    (folder / "policies").mkdir(parents=True)
    (folder / "policies" / "X001-slow-pattern.yaml").write_text(
        "code: X001\nname: slow-pattern\nseverity: error\nsummary: A pattern that backtracks exponentially.\n"
        "scope: [taskDefinition]\nrationale: Benchmark.\nremediation: None.\ncheck:\n  for-each: containerDefinitions[*]\n"
        "  assert: {path: image, matches: '^(a+)+$'}\n  message: container {container} image {value}\n")
    containers = [{"name": f"c{i}", "image": "a" * 40 + "!", "memory": 512} for i in range(10_000)]
    (folder / "task.json").write_text(json.dumps({"family": "f", "containerDefinitions": containers}))
    shapes["slow-pattern"] = ([folder / "task.json"], ["--rules-dir", str(folder / "policies"), "--select", "X001"])
    chain = target / "chain.tf"
    chain.write_text("locals {\n  x = " + "+".join(["1"] * 90_000) + "\n}\n")
    shapes["tf-chain"] = ([chain], [])
    return shapes


def human_bytes(count):
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count / 1000:.0f} kB"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecs-lint", default=str(REPO / ".build" / "release" / "ecs-lint"))
    parser.add_argument("--ecs-lint-bench", default=str(REPO / ".build" / "release" / "ecs-lint-bench"))
    parser.add_argument("--cfn-lint", default=shutil.which("cfn-lint"))
    parser.add_argument("--checkov", default=shutil.which("checkov"))
    parser.add_argument("--reps", type=int, default=3, help="repetitions of every measurement (default 3)")
    parser.add_argument("--synthetic-mb", type=int, default=50)
    parser.add_argument("--work", default=str(REPO / "bench" / ".work"), help="where the synthetic repository is built")
    parser.add_argument("--out", default=str(REPO / "bench" / "results.md"))
    parser.add_argument("--only", default="", help="comma-separated workloads to run ('shapes' for the generated shapes)")
    args = parser.parse_args()
    only = set()
    for name in filter(None, args.only.split(",")):
        only.update(SHAPES if name == "shapes" else [name])

    wanted = lambda name: not only or name in only
    needs_corpus = not only or bool(only - set(SHAPES))
    cfn_yaml = corpus_files({"cfn-yaml"}) if needs_corpus else []
    cfn_json = corpus_files({"cfn-json"}) if needs_corpus else []
    cfn_all = sorted(cfn_yaml + cfn_json)
    ecs_json = corpus_files({"ecs-taskdef-json", "ecs-service-json"}) if needs_corpus else []
    if needs_corpus and not cfn_all:
        sys.exit(f"bench: no corpus files under {CORPUS}")
    by_size = sorted(cfn_all, key=lambda p: p.stat().st_size)
    one = by_size[len(by_size) // 2] if by_size else None
    synthetic = make_synthetic(Path(args.work) / "synthetic", args.synthetic_mb) if wanted("synthetic") else []
    shapes = make_shapes(Path(args.work) / "shapes") if any(wanted(name) for name in SHAPES) else {}

    ecs = [args.ecs_lint, "lint", "--no-config", "--quiet", "--fail-on", "never", "--color", "never"]
    tools = {"ecs-lint": lambda files: ecs + [str(f) for f in files]}
    # A peer that is not installed (a shapes-only run) is left out.
    if args.cfn_lint and not Path(args.cfn_lint).exists():
        args.cfn_lint = None
    if args.checkov and not Path(args.checkov).exists():
        args.checkov = None
    if args.cfn_lint:
        tools["cfn-lint"] = lambda files: [args.cfn_lint, "--"] + [str(f) for f in files]
    if args.checkov:
        tools["checkov"] = lambda files: [args.checkov, "--quiet", "--compact", "--skip-download", "--framework", "cloudformation",
                                          "-o", "json"] + [arg for f in files for arg in ("-f", str(f))]
    workloads = [
        ("cfn-all", cfn_all, list(tools)),
        ("cfn-yaml", cfn_yaml, list(tools)),
        ("cfn-json", cfn_json, list(tools)),
        ("cfn-one", [one], list(tools)),
        ("ecs-json", ecs_json, ["ecs-lint"]),
        ("synthetic", None, ["ecs-lint"]),
    ] + [(name, None, ["ecs-lint"]) for name in SHAPES]
    workloads = [workload for workload in workloads if wanted(workload[0])]
    results = {}
    synthetic_root = Path(args.work) / "synthetic"
    for repetition in range(args.reps):
        for name, files, names in workloads:
            for tool in names:
                if name == "synthetic":
                    command = ecs + [str(synthetic_root)]
                elif name in shapes:
                    paths, extra = shapes[name]
                    command = ecs + extra + [str(path) for path in paths]
                else:
                    command = tools[tool](files)
                # A run of a few milliseconds is at the mercy of the scheduler and of what the
                # previous (much larger) process left in the caches: take several in a row, so
                # the median is of enough samples. A second-long run is measured once per slot.
                spent = 0.0
                for _ in range(BURST_MAX_RUNS):
                    elapsed, rss, status = run_once(command, REPO)
                    if tool == "ecs-lint" and status not in (0, 1):
                        sys.exit(f"bench: ecs-lint exited {status} on {name}: {' '.join(command[:8])} ...")
                    results.setdefault((name, tool), []).append((elapsed, rss))
                    spent += elapsed
                    if spent >= BURST_SECONDS:
                        break
                print(f"  [{repetition + 1}/{args.reps}] {name:10} {tool:9} {elapsed:8.3f} s {rss:7.1f} MiB", flush=True)

    floor = None
    if Path(args.ecs_lint_bench).exists() and wanted("parse-only"):
        output = subprocess.run([args.ecs_lint_bench, "--repeat", "5"] + [str(f) for f in cfn_all + ecs_json],
                                capture_output=True, text=True, check=True).stdout
        floor = output.strip()

    def size(files):
        return sum(f.stat().st_size for f in files)

    describe = {
        "cfn-all": f"{len(cfn_all)} CloudFormation files, {human_bytes(size(cfn_all))}",
        "cfn-yaml": f"{len(cfn_yaml)} CloudFormation YAML files, {human_bytes(size(cfn_yaml))}",
        "cfn-json": f"{len(cfn_json)} CloudFormation JSON files, {human_bytes(size(cfn_json))}",
        "cfn-one": f"1 file ({one.name}, {human_bytes(one.stat().st_size)})" if one else "",
        "ecs-json": f"{len(ecs_json)} ECS task definition / service JSON files, {human_bytes(size(ecs_json))}",
        "synthetic": f"{len(synthetic)} files, {human_bytes(size(synthetic))} (corpus copied over)",
        "shared-task": "20,000 services running one task definition",
        "tf-module": "one Terraform module of 2,000 files",
        "minified": "286 kB on one line, 12,500 findings",
        "slow-pattern": "a catastrophic custom-rule pattern over 10,000 values",
        "tf-chain": "a 90,000-term operator chain in a 180 kB .tf file",
    }
    def version(tool, executable):
        # `cfn-lint --version` prints "cfn-lint 1.58.0"; the others print the number alone.
        # The first line: ecs-lint prints the sources of its fact tables below its version.
        text = (subprocess.run([executable, "--version"], capture_output=True, text=True).stdout.strip().splitlines() or [""])[0]
        return text[len(tool):].strip() if text.startswith(tool) else text

    # The tools of the workloads that ran.
    used = {tool for _, _, names in workloads for tool in names}
    versions = {"ecs-lint": version("ecs-lint", args.ecs_lint)}
    if args.cfn_lint and "cfn-lint" in used:
        versions["cfn-lint"] = version("cfn-lint", args.cfn_lint)
    if args.checkov and "checkov" in used:
        versions["checkov"] = version("checkov", args.checkov)

    lines = []
    lines.append("# Benchmark results")
    lines.append("")
    lines.append(f"GENERATED by `bench/run.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; do not edit by hand.")
    lines.append("")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "?")
    lines.append(f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB. "
                 f"Tools: " + ", ".join(f"{tool} {version}" for tool, version in versions.items()) + ".")
    lines.append("")
    lines.append(f"Each cell: median wall time (min–max) over {args.reps} interleaved rounds, and the highest peak RSS. In each "
                 f"round a tool runs once, or up to {BURST_MAX_RUNS} times in a row while under {BURST_SECONDS} s in total, so "
                 "that millisecond runs get enough samples; the runs column counts them.")
    lines.append("")
    lines.append("| Workload | Tool | Wall time | Runs | Peak RSS | ecs-lint is faster by |")
    lines.append("|---|---|---|---|---|---|")
    for name, _, names in workloads:
        base = statistics.median(e for e, _ in results[(name, "ecs-lint")])
        for tool in names:
            times = [e for e, _ in results[(name, tool)]]
            median = statistics.median(times)
            rss = max(r for _, r in results[(name, tool)])
            ratio = "" if tool == "ecs-lint" else f"{median / base:,.0f}×"
            label = f"{name}: {describe[name]}" if tool == names[0] else ""
            lines.append(f"| {label} | {tool} | {median:.3f} s ({min(times):.3f}–{max(times):.3f}) | {len(times)} | {rss:.0f} MiB | {ratio} |")
    if floor:
        lines.append("")
        lines.append("In-process throughput of ecs-lint's stages (`ecs-lint-bench`, the same CloudFormation and ECS JSON files):")
        lines.append("")
        lines.append(floor)
    lines.append("")
    report = "\n".join(lines)
    Path(args.out).write_text(report, encoding="utf-8")
    print()
    print(report)


if __name__ == "__main__":
    main()
