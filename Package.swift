// swift-tools-version:6.0
import PackageDescription

// Layering (see docs/ARCHITECTURE.md): syntax → loaders → model → engine/rules → reporters → CLI.
let package = Package(
    name: "ecs-lint",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecs-lint", targets: ["ecs-lint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]),
        .target(name: "ECSLintSyntax", dependencies: ["CYAML"]),
        .target(name: "ECSLintModel", dependencies: ["ECSLintSyntax"]),
        .target(name: "ECSLintLoaders", dependencies: ["ECSLintSyntax", "ECSLintModel"]),
        .target(name: "ECSLintEngine", dependencies: ["ECSLintSyntax", "ECSLintModel", "ECSLintLoaders", "CPCRE2"]),
        .target(name: "ECSLintRules", dependencies: ["ECSLintEngine", "ECSLintModel", "ECSLintLoaders", "ECSLintSyntax"]),
        .target(name: "ECSLintReporters", dependencies: ["ECSLintEngine", "ECSLintSyntax"]),
        // Writers from the model to ECS JSON, CloudFormation and Kubernetes, with the fidelity check.
        .target(name: "ECSLintConvert", dependencies: ["ECSLintModel", "ECSLintSyntax", "ECSLintLoaders", "ECSLintEngine"]),
        .executableTarget(
            name: "ecs-lint",
            dependencies: [
                "ECSLintEngine", "ECSLintRules", "ECSLintReporters", "ECSLintConvert", "ECSLintLoaders", "ECSLintSyntax",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A release binary carries the Swift runtime inside: loading and binding its shared
            // libraries was a quarter of a pre-commit run (docs/PERFORMANCE.md). Debug builds and
            // tests keep the shared runtime.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        // Regenerates Sources/ECSLintRules/Generated/ and docs/rules/ from rules/ (`make generate`),
        // and rules/data/ecs-schema.json from ../shared/schemas (`make generate-schema`).
        .target(name: "ECSLintSchemaGenerator", dependencies: ["ECSLintModel"]),
        .executableTarget(name: "ecs-lint-generate", dependencies: ["ECSLintEngine", "ECSLintSchemaGenerator"]),
        // Fuzzing (fuzz/run.sh, docs/ROBUSTNESS.md): the targets, shared with the regression tests,
        // and the libFuzzer entry point (a replay tool when built without -DFUZZING).
        .target(name: "ECSLintFuzzTargets", dependencies: ["ECSLintEngine", "ECSLintRules", "ECSLintReporters", "ECSLintLoaders", "ECSLintSyntax",
                                                   "ECSLintConvert"]),
        .executableTarget(name: "ecs-lint-fuzz", dependencies: ["ECSLintFuzzTargets"]),
        // In-process throughput of each pipeline stage, for bench/run.sh.
        .executableTarget(name: "ecs-lint-bench", dependencies: ["ECSLintEngine", "ECSLintRules", "ECSLintLoaders", "ECSLintSyntax"]),
        .testTarget(name: "ECSLintSyntaxTests", dependencies: ["ECSLintSyntax"]),
        .testTarget(name: "ECSLintLoadersTests", dependencies: ["ECSLintLoaders", "ECSLintModel", "ECSLintSyntax"]),
        .testTarget(name: "ECSLintEngineTests", dependencies: ["ECSLintEngine", "ECSLintSyntax"]),
        .testTarget(name: "ECSLintReportersTests", dependencies: ["ECSLintReporters", "ECSLintRules", "ECSLintEngine", "ECSLintSyntax"]),
        .testTarget(name: "ECSLintRulesTests", dependencies: ["ECSLintRules", "ECSLintEngine", "ECSLintReporters", "ECSLintFuzzTargets", "ECSLintSchemaGenerator"]),
        .testTarget(name: "ECSLintConvertTests", dependencies: ["ECSLintConvert", "ECSLintLoaders", "ECSLintModel", "ECSLintSyntax"]),
        .testTarget(name: "ECSLintCLITests", dependencies: ["ecs-lint"]),
    ]
)
