// GENERATED FILE — do not edit. Regenerate with `make generate` after changing rules/.
// A test fails when this copy differs from rules/.

import ECSLintEngine

enum EmbeddedRules {
    static let files: [(path: String, text: String)] = [
        ("rules/data/fargate-task-sizes.yaml", ####"""
# Task-level cpu/memory pairs that Fargate accepts (ECS-FACTS.md §1.1, plus the 32 vCPU tier
# from RULES.md ECS101). cpu in CPU units (1024 = 1 vCPU), memory in MiB. A memory entry is a
# list of values or {from, to, step} (inclusive). `os` lists the operating systems a row allows,
# as the @os-family fact names them (Windows on Fargate: only the 1, 2 and 4 vCPU rows,
# ECS-FACTS.md §1.3). ECS101 reads this table through its declarative `table:` check.
sizes:
  - cpu: 256
    memory: [512, 1024, 2048]
    os: [Linux]
  - cpu: 512
    memory: {from: 1024, to: 4096, step: 1024}
    os: [Linux]
  - cpu: 1024
    memory: {from: 2048, to: 8192, step: 1024}
    os: [Linux, Windows]
  - cpu: 2048
    memory: {from: 4096, to: 16384, step: 1024}
    os: [Linux, Windows]
  - cpu: 4096
    memory: {from: 8192, to: 30720, step: 1024}
    os: [Linux, Windows]
  - cpu: 8192
    memory: {from: 16384, to: 61440, step: 4096}
    os: [Linux]
  - cpu: 16384
    memory: {from: 32768, to: 122880, step: 8192}
    os: [Linux]
  - cpu: 32768
    memory: [61440, 122880, 249856]
    os: [Linux]
"""####),
        ("rules/data/linux-capabilities.yaml", ####"""
# Linux kernel capabilities for the hardening rules (ECS-FACTS.md §5.4).
#
# `documented`: the names the ECS API documents for linuxParameters.capabilities add/drop
# (KernelCapabilities), without the CAP_ prefix. `dangerous`: what ECS206 reports when added,
# with the reason shown in the message; `severity` lowers one entry below the rule's.
documented: [ALL, AUDIT_CONTROL, AUDIT_WRITE, BLOCK_SUSPEND, CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH,
  FOWNER, FSETID, IPC_LOCK, IPC_OWNER, KILL, LEASE, LINUX_IMMUTABLE, MAC_ADMIN, MAC_OVERRIDE, MKNOD,
  NET_ADMIN, NET_BIND_SERVICE, NET_BROADCAST, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_ADMIN,
  SYS_BOOT, SYS_CHROOT, SYS_MODULE, SYS_NICE, SYS_PACCT, SYS_PTRACE, SYS_RAWIO, SYS_RESOURCE,
  SYS_TIME, SYS_TTY_CONFIG, SYSLOG, WAKE_ALARM]
dangerous:
  - name: ALL
    reason: every capability Docker can grant, nearly the power of a privileged container
  - name: SYS_ADMIN
    reason: mounting filesystems, creating namespaces and most of root's other powers, the usual way out of a container
  - name: SYS_MODULE
    reason: loading kernel modules, which runs code in the host kernel
  - name: SYS_RAWIO
    reason: raw access to I/O ports and host memory devices
  - name: NET_ADMIN
    reason: reconfiguring interfaces, routes and firewall rules of the network namespace (the host's in host mode)
  - name: DAC_READ_SEARCH
    reason: reading any file regardless of permissions, and opening host files by handle (the Shocker escape)
  - name: BPF
    reason: loading eBPF programs into the host kernel
  - name: PERFMON
    reason: kernel performance monitoring and tracing of other processes
  - name: SYS_PTRACE
    severity: warning
    reason: tracing and changing other processes (needed by debuggers and some APM agents; the only capability Fargate allows)
"""####),
        ("rules/data/secret-patterns.yaml", ####"""
# PCRE2 patterns for ECS401 (plaintext-secret-in-environment). See ECS-FACTS.md §4.4 and §4.5.
#
# Name patterns are matched against the variable name normalised to upper snake case
# (`dbPassword`, `db-password` → `DB_PASSWORD`; `APIKey` → `API_KEY`), so a word boundary is
# simply `^`, `_` or `$` (digits count as a boundary after a word: DB_PASSWORD2): TOKENIZER_MODEL is
# not a TOKEN. PASSWORD, PASSWD and SECRET are unambiguous inside a word too (PGPASSWORD, JWTSECRET).
secret-names:
  - '(?:PASSWORD|PASSWD|SECRET)'
  - '(?:^|_)(?:PASSPHRASE|PWD|TOKEN|TOKENS|CREDENTIAL|CREDENTIALS|APIKEY|PRIVATEKEY|SECRETKEY)(?:_|\d|$)'
  - '(?:^|_)(?:API|PRIVATE|ACCESS|AUTH|SECRET|SIGNING|ENCRYPTION|MASTER|CLIENT|SSH|HMAC|LICENSE)_KEY(?:_|\d|$)'
  - '(?:^|_)PASS\d*$'
  - '^ECS_ENGINE_AUTH_DATA$'
# Names that mention a secret but hold something else: where it is, how it is shaped.
not-secret-names:
  - '_(?:FILE|FILES|PATH|DIR|ARN|NAME|URL|URI|ENDPOINT|HOST|PORT|LENGTH|TYPE|VERSION|POLICY|HEADER|PARAM|PARAMETER|REF|LOCATION|EXPIRY|EXPIRATION|EXPIRES|TTL|TIMEOUT|LIFETIME|DURATION|ENABLED|DISABLED|REQUIRED|ROTATION|PREFIX|SUFFIX|FORMAT|ALGORITHM|ISSUER|AUDIENCE|SCOPE|SCOPES|REGION|PROVIDER|MODE|COUNT|SIZE)$'
  - '^(?:OLD)?PWD$'
# Literal values that are not secrets even under a secret-sounding name: booleans, references.
not-secret-values:
  - '^(?i:true|false|yes|no|on|off|null|none)$'
  - '^arn:'
# Values that are credentials whatever the variable is called.
credential-values:
  - label: an AWS access key ID
    pattern: '\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b'
  - label: a private key
    pattern: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----'
  - label: a GitHub token
    pattern: '\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b'
  - label: a Slack token
    pattern: '\bxox[abposr]-[A-Za-z0-9-]{10,}'
  - label: a Stripe secret key
    pattern: '\b[rs]k_live_[A-Za-z0-9]{20,}\b'
  - label: a JSON Web Token
    pattern: '\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}'
  - label: a URL with an embedded password
    pattern: '\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@'
# An AWS access key ID in the same environment makes a 40-character base64 value its secret key.
aws-access-key-id: '\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b'
aws-secret-access-key: '^[A-Za-z0-9/+=]{40}$'
"""####),
        ("rules/data/sensitive-host-paths.yaml", ####"""
# Host paths ECS209 reports when a host volume (volumes[].host.sourcePath) that a container
# mounts is one of them or lies below one. `/` matches only itself. RULES.md ECS209.
paths:
  - /
  - /etc
  - /proc
  - /sys
  - /root
  - /var/run/docker.sock
  - /run/docker.sock
  - /var/lib/docker
"""####),
        ("rules/data/unsupported-fields.yaml", ####"""
# Task definition fields a launch type or operating system does not support: ECS106 reads
# `fargate` (ECS-FACTS.md §5.7), ECS107 reads `windows` (§5.8).
#
# Each entry:
#   field:   how messages name the field
#   path:    where it is, as a declarative-check path from the task definition
#            (rules/README.md, "Paths"): `containerDefinitions[*].privileged`
#   allowed: values that are fine anyway (compared without case; `"false"` equals `false`).
#            Without it, any value is a use of the field.
#   reason:  optional, added to the message
#
# A value is a use of the field when it is known and set: not null, not an empty list or
# mapping, not one of `allowed`. Unresolved values (CloudFormation intrinsics, placeholders) are never reported.
# Each use is one finding at the value: one per list for list fields, one per entry where the
# path selects entries (capability adds, volumes).
#
# A `false` boolean (privileged, disableNetworking, readonlyRootFilesystem) is the default and
# not reported: AWS documents these fields as unsupported, not the value false as rejected.
#
# Left to other rules on purpose, so one mistake gives one finding:
#   networkMode other than awsvpc on Fargate            ECS301
#   startTimeout / stopTimeout over 120 s on Fargate    ECS709
#   log drivers, awslogs-stream-prefix, FireLens config-file-type on Fargate   ECS5xx
#   service placement, DAEMON scheduling on Fargate     ECS803, ECS804
#   FARGATE_SPOT and ARM64 with Windows                 ECS109
#   platform-version gates (pidMode, systemControls, capability add need Linux 1.4.0)   ECS810
# On a Windows task on Fargate, ECS106 leaves out the fields of the `windows` list (and fields
# inside them, such as linuxParameters.devices inside linuxParameters): ECS107 reports those.
# hostname, extraHosts, links, dnsServers, dnsSearchDomains and disableNetworking are also
# network-mode findings (ECS303 with awsvpc); on Fargate they are ECS106's.

fargate:
  # Task level
  - field: ipcMode
    path: ipcMode
  - field: pidMode
    path: pidMode
    allowed: [task]
    reason: only task is allowed there
  - field: placementConstraints
    path: placementConstraints
    reason: Fargate places tasks itself
  - field: dockerVolumeConfiguration
    path: "volumes[*].dockerVolumeConfiguration"
    reason: use a bind mount (a volume without host) or an EFS volume
  - field: host.sourcePath
    path: "volumes[*].host.sourcePath"
    reason: a volume without sourcePath is a bind mount in the task's own storage
  # Container level
  - field: privileged
    path: "containerDefinitions[*].privileged"
    allowed: [false]
  - field: disableNetworking
    path: "containerDefinitions[*].disableNetworking"
    allowed: [false]
  - field: dnsSearchDomains
    path: "containerDefinitions[*].dnsSearchDomains"
  - field: dnsServers
    path: "containerDefinitions[*].dnsServers"
  - field: dockerSecurityOptions
    path: "containerDefinitions[*].dockerSecurityOptions"
  - field: extraHosts
    path: "containerDefinitions[*].extraHosts"
  - field: links
    path: "containerDefinitions[*].links"
    reason: containers of a Fargate task reach each other on localhost
  - field: hostname
    path: "containerDefinitions[*].hostname"
  - field: GPU resourceRequirements
    path: "containerDefinitions[*].resourceRequirements[type=GPU]"
    reason: GPUs need the EC2 launch type
  - field: linuxParameters.capabilities.add
    path: "containerDefinitions[*].linuxParameters.capabilities.add[*]"
    allowed: [SYS_PTRACE, CAP_SYS_PTRACE]
    reason: only SYS_PTRACE may be added there
  - field: linuxParameters.devices
    path: "containerDefinitions[*].linuxParameters.devices"
  - field: linuxParameters.sharedMemorySize
    path: "containerDefinitions[*].linuxParameters.sharedMemorySize"
  - field: linuxParameters.tmpfs
    path: "containerDefinitions[*].linuxParameters.tmpfs"
  - field: linuxParameters.maxSwap
    path: "containerDefinitions[*].linuxParameters.maxSwap"
  - field: linuxParameters.swappiness
    path: "containerDefinitions[*].linuxParameters.swappiness"

windows:
  # Task level
  - field: pidMode
    path: pidMode
  - field: ipcMode
    path: ipcMode
  - field: dockerVolumeConfiguration.driver
    path: "volumes[*].dockerVolumeConfiguration.driver"
    allowed: [local]
    reason: Windows supports only the local driver
  # Container level
  - field: links
    path: "containerDefinitions[*].links"
  - field: linuxParameters
    path: "containerDefinitions[*].linuxParameters"
  - field: user
    path: "containerDefinitions[*].user"
  - field: disableNetworking
    path: "containerDefinitions[*].disableNetworking"
    allowed: [false]
  - field: privileged
    path: "containerDefinitions[*].privileged"
    allowed: [false]
  - field: readonlyRootFilesystem
    path: "containerDefinitions[*].readonlyRootFilesystem"
    allowed: [false]
  - field: dnsServers
    path: "containerDefinitions[*].dnsServers"
  - field: dnsSearchDomains
    path: "containerDefinitions[*].dnsSearchDomains"
  - field: extraHosts
    path: "containerDefinitions[*].extraHosts"
  - field: ulimits
    path: "containerDefinitions[*].ulimits"
  - field: systemControls
    path: "containerDefinitions[*].systemControls"
"""####),
        ("rules/hardening/ECS201-privileged-container.yaml", ####"""
code: ECS201
name: privileged-container
severity: error
summary: A container runs privileged, with root access to the host.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 8.8
fix: none
rationale: |
  `privileged: true` gives the container root on the host instance: every device, every kernel
  capability, and no seccomp or AppArmor confinement. A compromised container then owns the
  instance and every other task on it. Fargate rejects privileged containers, and AWS Control
  Tower (CT.ECS.PR.11) and Security Hub flag them. checkov's Terraform check for this reads a
  misspelled key (`privilege`) and passes privileged containers; cfn-lint does not check it.
remediation: |
  Remove `privileged` (or set it to `false`) and add only the kernel capabilities the container
  needs with `linuxParameters.capabilities.add`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  for-each: containerDefinitions[*]
  assert: {not: {path: privileged, equals: true}}
  message: container {name} runs privileged, with root access to the host instance
examples:
  - description: The second container is privileged
    fires: ["containerDefinitions[1].privileged"]
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: app
          image: app:1.0
        - name: monitor
          image: monitor:2.1
          privileged: true
  - description: privileged false, or left out
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: app
          image: app:1.0
          privileged: false
        - name: monitor
          image: monitor:2.1
  - description: A parameter decides, so the rule stays silent
    template: |
      Parameters:
        Privileged: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: monitor
                Image: monitor:2.1
                Privileged: !Ref Privileged
"""####),
        ("rules/hardening/ECS202-container-runs-as-root.yaml", ####"""
code: ECS202
name: container-runs-as-root
severity: warning
summary: A container runs as root.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 5.5
fix: none
implementation: ContainerRunsAsRootRule
parameters:
  - name: require-user
    type: boolean
    description: |
      Also report containers that set no `user` (they run as the image's user, which is usually
      root). Off by default, because many images set a non-root user themselves.
rationale: |
  A process that runs as root inside the container is root on the host as soon as it escapes
  the container, and can change everything in the container's filesystem. AWS Control Tower
  (CT.ECS.PR.3) and Security Hub ask for a non-root `user`. The rule reports `user` values that
  are root: `root`, `0`, and either with a group (`0:0`, `root:root`, `0:1000`). Windows
  containers do not support `user`, so Windows tasks are not checked.
remediation: |
  Set `user` to a non-root user or UID the image knows (`"1000"`, `"app"`, `"1000:1000"`), and
  make the files the process writes belong to it.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
examples:
  - description: root by name
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: root
  - description: UID 0 with a non-root group is still root
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: "0:1000"
  - description: No user, with require-user on
    config: |
      rules:
        ECS202: {require-user: true}
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: No user, with require-user at its default (off)
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: Non-root users
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: "1000:1000"
        - name: sidecar
          image: sidecar:1.0
          user: rootless
"""####),
        ("rules/hardening/ECS203-writable-root-filesystem.yaml", ####"""
code: ECS203
name: writable-root-filesystem
severity: warning
summary: A container's root filesystem is writable.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 4.0
fix: none
rationale: |
  With `readonlyRootFilesystem: true` an attacker who gets code execution in the container cannot
  drop tools or change the application's files, and the image stays what was scanned. AWS
  Control Tower (CT.ECS.PR.6) and the AWS Config rule `ecs-containers-readonly-access` ask for
  it. One known conflict: ECS Exec's SSM agent needs a writable root filesystem, so a container
  you debug with ECS Exec needs this rule suppressed, with that reason. Windows containers do not
  support the setting, so the rule checks Linux tasks only.
remediation: |
  Set `readonlyRootFilesystem: true` and mount a volume (or a bind mount on Fargate) where the
  application has to write, such as `/tmp`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  - https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert:
    all:
      - path: readonlyRootFilesystem
        exists: true
        message: container {name} does not set readonlyRootFilesystem, so its root filesystem is writable
      - path: readonlyRootFilesystem
        equals: true
        message: container {name} sets readonlyRootFilesystem to {value}, so its root filesystem is writable
examples:
  - description: Not set
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Set to false
    fires: ["containerDefinitions[0].readonlyRootFilesystem"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          readonlyRootFilesystem: false
  - description: Read-only, with a volume for scratch files
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          readonlyRootFilesystem: true
          mountPoints:
            - {sourceVolume: scratch, containerPath: /tmp}
      volumes:
        - name: scratch
  - description: Windows containers cannot set it
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
"""####),
        ("rules/hardening/ECS204-host-pid-namespace.yaml", ####"""
code: ECS204
name: host-pid-namespace
severity: error
summary: The task shares the host's process namespace (pidMode host).
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.5
fix: none
rationale: |
  With `pidMode: host` every container of the task sees all processes on the instance, can
  read their command lines and environments (often with secrets in them) and, with the
  capabilities to do so, signal or trace them. AWS Control Tower (CT.ECS.PR.10) forbids it.
  `pidMode` is a task-level field: checkov's check looks for it inside the container
  definitions and never finds it.
remediation: |
  Remove `pidMode`, or use `task` to share a process namespace between the task's own
  containers only (for a sidecar that needs to see the application's processes).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  assert: {not: {path: pidMode, equals: host}}
  message: task {family} shares the host's process namespace (pidMode host)
examples:
  - description: pidMode host
    fires: ["pidMode"]
    taskDefinition:
      family: debug
      pidMode: host
      containerDefinitions:
        - name: app
          image: app:1.0
  - description: pidMode task shares processes between the task's containers only
    taskDefinition:
      family: debug
      pidMode: task
      containerDefinitions:
        - name: app
          image: app:1.0
"""####),
        ("rules/hardening/ECS205-host-ipc-namespace.yaml", ####"""
code: ECS205
name: host-ipc-namespace
severity: error
summary: The task shares the host's IPC namespace (ipcMode host).
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.0
fix: none
rationale: |
  With `ipcMode: host` the containers share System V IPC objects and POSIX message queues with
  the instance and with every other task that does the same: shared memory segments of other
  processes can be read or corrupted. It is a task-level field, and no other linter checks it
  outside Fargate.
remediation: |
  Remove `ipcMode`, or use `task` to share IPC between the task's own containers only.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
check:
  assert: {not: {path: ipcMode, equals: host}}
  message: task {family} shares the host's IPC namespace (ipcMode host)
examples:
  - description: ipcMode host
    fires: ["ipcMode"]
    taskDefinition:
      family: cache
      ipcMode: host
      containerDefinitions:
        - name: app
          image: app:1.0
  - description: ipcMode task and none
    taskDefinition:
      family: cache
      ipcMode: task
      containerDefinitions:
        - name: app
          image: app:1.0
"""####),
        ("rules/hardening/ECS206-dangerous-capability.yaml", ####"""
code: ECS206
name: dangerous-capability
severity: error
summary: A container adds a kernel capability that lets it take over the host.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.5
fix: none
implementation: DangerousCapabilityRule
data: linux-capabilities
rationale: |
  `linuxParameters.capabilities.add` grants kernel capabilities on top of Docker's default set.
  Some of them are container escapes in all but name: `SYS_ADMIN` (mounts, namespaces),
  `SYS_MODULE` (kernel modules), `SYS_RAWIO`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`,
  `PERFMON` and `ALL`. `SYS_PTRACE` is reported as a warning: debuggers and some APM agents need
  it, and it is the only capability Fargate allows, but it lets a process read and change
  other processes' memory. Names are compared without case and with or without the `CAP_`
  prefix. The list is data in `rules/data/linux-capabilities.yaml`; a name ECS does not document
  is ECS005's finding.
remediation: |
  Remove the capability, or replace it with the narrow one the application needs (for example
  `NET_BIND_SERVICE` instead of `NET_ADMIN` to listen on a low port). Keep `SYS_PTRACE` to task
  definitions used for debugging, and suppress the warning there with the reason.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
  - https://man7.org/linux/man-pages/man7/capabilities.7.html
examples:
  - description: SYS_ADMIN, written with the CAP_ prefix
    fires: ["containerDefinitions[0].linuxParameters.capabilities.add[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters:
            capabilities:
              add: [NET_BIND_SERVICE, CAP_SYS_ADMIN]
  - description: SYS_PTRACE for an APM agent (a warning)
    fires: ["containerDefinitions[0].linuxParameters.capabilities.add[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: apm
          image: apm-agent:1.0
          linuxParameters:
            capabilities:
              add: [SYS_PTRACE]
  - description: Only narrow capabilities
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters:
            capabilities:
              add: [NET_BIND_SERVICE, CHOWN]
              drop: [ALL]
"""####),
        ("rules/hardening/ECS207-capabilities-not-dropped.yaml", ####"""
code: ECS207
name: capabilities-not-dropped
severity: off
summary: A container keeps Docker's default kernel capabilities instead of dropping ALL.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 3.0
fix: none
rationale: |
  Docker starts containers with a default set of kernel capabilities (CHOWN, DAC_OVERRIDE,
  NET_RAW, SETUID, …) that most applications never use; NET_RAW alone allows packet spoofing on
  the task's network. `drop: [ALL]` and adding back only what is needed is the least-privilege
  baseline that Kubernetes' restricted Pod Security Standard requires. The rule is off by default
  because most images have not been tested without capabilities; enable it with
  `select: [ECS207]`. It checks Linux tasks only (Windows has no `linuxParameters`).
remediation: |
  Add `linuxParameters: {capabilities: {drop: [ALL]}}` and, if the application needs one, add it
  back with `add` (for example `NET_BIND_SERVICE` to listen below port 1024).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
  - https://kubernetes.io/docs/concepts/security/pod-security-standards/
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert: {path: "linuxParameters.capabilities.drop[*]", contains: ALL}
  message: container {name} does not drop ALL kernel capabilities
examples:
  - description: No capabilities section
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Drops some, not all
    fires: ["containerDefinitions[0].linuxParameters.capabilities.drop"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          linuxParameters:
            capabilities:
              drop: [NET_RAW]
  - description: Drops all and adds one back
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          linuxParameters:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
"""####),
        ("rules/hardening/ECS208-unconfined-security-profile.yaml", ####"""
code: ECS208
name: unconfined-security-profile
severity: error
summary: A container turns off seccomp, AppArmor or SELinux confinement.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.0
fix: none
rationale: |
  Docker confines every container with a seccomp profile (blocking about 40 dangerous system
  calls) and, where the host has them, AppArmor or SELinux. `dockerSecurityOptions` entries
  `seccomp:unconfined`, `apparmor:unconfined` and `label:disable` remove that layer, so a kernel
  exploit or a container escape needs one step fewer. Docker also accepts `=` for `:`; both are
  recognised, in any case.
remediation: |
  Remove the option. If the application needs a system call the default profile blocks, use a
  custom seccomp profile that allows just that call.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.docker.com/engine/security/seccomp/
check:
  for-each: "containerDefinitions[*].dockerSecurityOptions[*]"
  assert:
    not: {matches: '^\s*(seccomp\s*[:=]\s*unconfined|apparmor\s*[:=]\s*unconfined|label\s*[:=]\s*disable)\s*$', flags: i}
  message: container {container} turns off its confinement with the security option {value}
examples:
  - description: seccomp unconfined
    fires: ["containerDefinitions[0].dockerSecurityOptions[1]"]
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["no-new-privileges", "seccomp:unconfined"]
  - description: SELinux labels off, written with '='
    fires: ["containerDefinitions[0].dockerSecurityOptions[0]"]
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["label=disable"]
  - description: A custom AppArmor profile and no-new-privileges
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["no-new-privileges", "apparmor:tracer-profile"]
"""####),
        ("rules/hardening/ECS209-sensitive-host-mount.yaml", ####"""
code: ECS209
name: sensitive-host-mount
severity: error
summary: A container gets host devices or mounts a sensitive host path such as the Docker socket.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 8.5
fix: none
implementation: SensitiveHostMountRule
data: sensitive-host-paths
rationale: |
  A bind mount of the Docker socket (`/var/run/docker.sock`) hands the container the Docker
  daemon, which is root on the instance: it can start a privileged container and escape.
  Mounting `/`, `/etc`, `/root`, `/proc`, `/sys` or `/var/lib/docker` (or anything below them,
  except that `/` means only itself) exposes the host's credentials, configuration and other
  containers' files; `linuxParameters.devices` maps host devices straight in. A read-only mount
  does not make the Docker socket safe. The rule reports the mount point of each container that
  mounts such a volume; the paths are data in `rules/data/sensitive-host-paths.yaml`.
remediation: |
  Remove the volume or the devices. A container that must talk to Docker (a CI runner) belongs on
  a dedicated instance, and the suppression should say so. Accelerators (Inferentia `/dev/neuron*`,
  Xilinx `/dev/xclmgmt*`) do need their devices: suppress the finding on those task definitions
  with that reason.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html
examples:
  - description: The Docker socket, mounted read-only
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: ci-runner
      containerDefinitions:
        - name: runner
          image: runner:1.0
          mountPoints:
            - {sourceVolume: docker, containerPath: /var/run/docker.sock, readOnly: true}
      volumes:
        - name: docker
          host: {sourcePath: /var/run/docker.sock}
  - description: A directory below /etc, and host devices
    fires: ["containerDefinitions[0].linuxParameters.devices", "containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: agent
          image: agent:1.0
          linuxParameters:
            devices:
              - {hostPath: /dev/fuse}
          mountPoints:
            - {sourceVolume: ssl, containerPath: /certs}
      volumes:
        - name: ssl
          host: {sourcePath: /etc/ssl/}
  - description: Application data on the host, a sensitive volume no container mounts, and an EFS volume
    taskDefinition:
      family: app
      containerDefinitions:
        - name: app
          image: app:1.0
          mountPoints:
            - {sourceVolume: data, containerPath: /data}
            - {sourceVolume: shared, containerPath: /shared}
      volumes:
        - name: data
          host: {sourcePath: /ecs/app-data}
        - name: unused
          host: {sourcePath: /etc}
        - name: shared
          efsVolumeConfiguration: {fileSystemId: fs-12345678}
"""####),
        ("rules/hardening/ECS210-unsafe-sysctl.yaml", ####"""
code: ECS210
name: unsafe-sysctl
severity: warning
summary: A container sets a kernel parameter that is not namespaced, or a network one on the host network.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 5.0
fix: none
rationale: |
  ECS passes `systemControls` to Docker as `--sysctl`. Only namespaced kernel parameters are
  isolated to the container: the IPC set (`kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`,
  `kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`, `kernel.shm_rmid_forced`,
  `fs.mqueue.*`) and the network set (`net.*`). Anything else changes the whole instance, for
  every task on it, or fails. With `networkMode: host` the container shares the instance's
  network namespace, so a `net.*` parameter changes the instance's networking too.
remediation: |
  Remove parameters outside the namespaced sets and tune the instance (its user data or AMI)
  instead. With host networking, set `net.*` parameters on the instance or switch to `awsvpc`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SystemControl.html
  - https://docs.docker.com/reference/cli/docker/container/run/#sysctl
check:
  for-each: "containerDefinitions[*].systemControls[*]"
  assert:
    all:
      - path: namespace
        matches: '^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+|net\..+)$'
        message: container {container} sets the kernel parameter {value}, which is not namespaced and changes the whole instance
      - not:
          all:
            - {path: namespace, matches: '^net\.'}
            - {path: $.networkMode, equals: host}
        message: container {container} sets the network parameter {value} on the host network, changing the instance's networking
  report-at: namespace
examples:
  - description: A virtual-memory parameter is global to the instance
    fires: ["containerDefinitions[0].systemControls[1].namespace"]
    taskDefinition:
      family: db
      containerDefinitions:
        - name: db
          image: postgres:16
          systemControls:
            - {namespace: kernel.shmmax, value: "68719476736"}
            - {namespace: vm.swappiness, value: "10"}
  - description: A network parameter with host networking
    fires: ["containerDefinitions[0].systemControls[0].namespace"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: envoy:1.30
          systemControls:
            - {namespace: net.ipv4.tcp_keepalive_time, value: "60"}
  - description: Namespaced parameters in awsvpc mode
    taskDefinition:
      family: proxy
      networkMode: awsvpc
      containerDefinitions:
        - name: proxy
          image: envoy:1.30
          systemControls:
            - {namespace: net.ipv4.tcp_keepalive_time, value: "60"}
            - {namespace: fs.mqueue.msg_max, value: "100"}
"""####),
        ("rules/hardening/ECS211-interactive-terminal.yaml", ####"""
code: ECS211
name: interactive-terminal
severity: info
summary: A container asks for an interactive shell or a pseudo-terminal.
scope: [taskDefinition]
tags: [hardening]
fix: none
rationale: |
  `interactive: true` keeps stdin open and `pseudoTerminal: true` allocates a TTY, as
  `docker run -it` does. A service container needs neither; they are usually left over from
  debugging, and a TTY changes how some programs buffer and log their output. Use ECS Exec for
  interactive access to a running task instead.
remediation: |
  Remove `interactive` and `pseudoTerminal`; use ECS Exec (`aws ecs execute-command`) to get a
  shell in a running container.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - not: {path: interactive, equals: true}
      - not: {path: pseudoTerminal, equals: true}
  message: container {name} asks for an interactive terminal ({path} is true)
examples:
  - description: Both set, left over from debugging
    fires: ["containerDefinitions[0].interactive"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          interactive: true
          pseudoTerminal: true
  - description: A pseudo-terminal only
    fires: ["containerDefinitions[0].pseudoTerminal"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          pseudoTerminal: true
  - description: Neither
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          interactive: false
"""####),
        ("rules/hardening/ECS212-init-process-disabled.yaml", ####"""
code: ECS212
name: init-process-disabled
severity: off
summary: A container runs without an init process to reap zombies and forward signals.
scope: [taskDefinition]
tags: [hardening, reliability]
fix: none
rationale: |
  Without `linuxParameters.initProcessEnabled: true` the application is PID 1: it must reap the
  child processes it starts and handle SIGTERM itself, or zombies pile up and `docker stop` waits
  for the kill timeout. ECS Exec sessions leave SSM agent processes behind that only an init
  process reaps, which is why AWS recommends it with ECS Exec. Off by default; enable it with
  `select: [ECS212]`. Linux tasks only.
remediation: |
  Set `linuxParameters: {initProcessEnabled: true}` (Docker's `--init`), or run an init such as
  tini as the image's entrypoint.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert:
    all:
      - {path: linuxParameters.initProcessEnabled, exists: true}
      - {path: linuxParameters.initProcessEnabled, equals: true}
  message: container {name} runs without an init process (linuxParameters.initProcessEnabled is not true)
examples:
  - description: Not set
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: Turned off
    fires: ["containerDefinitions[0].linuxParameters.initProcessEnabled"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters: {initProcessEnabled: false}
  - description: Turned on
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters: {initProcessEnabled: true}
"""####),
        ("rules/hardening/ECS213-invalid-ulimit.yaml", ####"""
code: ECS213
name: invalid-ulimit
severity: error
summary: A ulimit's soft limit is above its hard limit, or a ulimit is set twice.
scope: [taskDefinition]
tags: [correctness]
fix: none
rationale: |
  A process may raise its soft limit only up to the hard limit, so Docker refuses to start a
  container whose `softLimit` is greater than its `hardLimit`: the task fails at launch, not at
  registration. A ulimit name listed twice leaves the result to whichever entry Docker applies
  last, which is rarely what the author meant.
remediation: |
  Make `softLimit` at most `hardLimit`, and keep one entry per ulimit name.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html
  - https://docs.docker.com/reference/cli/docker/container/run/#ulimit
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - path: "ulimits[*]"
        each: {path: softLimit, at-most: hardLimit}
        message: container {name} sets a ulimit soft limit of {value}, above its hard limit {bound}
      - path: ulimits
        unique-by: name
        message: container {name} sets the ulimit {value} twice
examples:
  - description: Soft limit above hard limit
    fires: ["containerDefinitions[0].ulimits[0].softLimit"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 65536, hardLimit: 4096}
  - description: nofile twice
    fires: ["containerDefinitions[0].ulimits[1].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 4096, hardLimit: 65536}
            - {name: nofile, softLimit: 8192, hardLimit: 65536}
  - description: Valid limits
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 65536, hardLimit: 65536}
            - {name: core, softLimit: 0, hardLimit: 0}
"""####),
        ("rules/hardening/ECS214-host-network-root-user.yaml", ####"""
code: ECS214
name: host-network-root-user
severity: warning
summary: In host network mode, a container runs as root without being declared privileged.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 6.5
fix: none
rationale: |
  With `networkMode: host` containers share the instance's network stack, and a root process in
  one can bind any port and watch the instance's traffic. The ECS documentation advises against
  root in host mode, and the AWS Control Tower / Security Hub control (CT.ECS.PR.8, ECS.1)
  requires every container of a host-mode task to either be explicitly `privileged` or run as
  a non-root `user`. A container without `user` runs as the image's user, which is usually root.
  Privileged containers are ECS201's finding.
remediation: |
  Set `user` to a non-root user or UID (`"1000"`, `"app:app"`), or use `awsvpc` networking so
  the task gets its own network namespace.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html
check:
  for-each: containerDefinitions[*]
  when:
    all:
      - {path: $.networkMode, equals: host}
      - {path: "@os-family", equals: Linux}
  assert:
    any:
      - {path: privileged, equals: true}
      - all:
          - {path: user, exists: true}
          - {not: {path: user, matches: '^(root|0)(:.*)?$'}}
  message: container {name} runs as root in host network mode
examples:
  - description: No user in host mode
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
  - description: root by UID
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          user: "0:0"
  - description: A non-root user in host mode
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          user: "1000"
  - description: No user, but awsvpc mode
    taskDefinition:
      family: proxy
      networkMode: awsvpc
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
  - description: No networkMode at all (bridge on EC2), so not host mode
    taskDefinition:
      family: proxy
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
"""####),
        ("rules/iam/IAM001-shared-task-and-execution-role.yaml", ####"""
code: IAM001
name: shared-task-and-execution-role
severity: error
summary: The task role and the execution role are the same role.
scope: [taskDefinition]
tags: [security, iam]
security-severity: 5.0
fix: none
implementation: SharedTaskAndExecutionRoleRule
rationale: |
  The execution role is used by the ECS agent to pull images, write logs and read the task's
  secrets; its credentials are never visible to containers. The task role's credentials are
  exposed to every container in the task. Using one role for both hands the application every
  secret, repository and log stream the agent can reach. AWS recommends separate roles.

  ecs-lint compares what the two fields resolve to, not their text: a role name and its ARN, a
  path-qualified ARN (`role/service/app`), and in CloudFormation `Ref`, `GetAtt … .Arn` and
  `Sub` of the same logical ID (or a literal ARN naming the role's `RoleName`).
remediation: |
  Create a separate task role with only the permissions the application needs, and keep
  `executionRoleArn` on a role with the ECS task execution policy.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
examples:
  - description: The same ARN twice
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/app
      executionRoleArn: arn:aws:iam::123456789012:role/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A role name and a path-qualified ARN of the same role
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: app
      executionRoleArn: arn:aws:iam::123456789012:role/service/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Ref and GetAtt of the same role
    fires: ["taskRoleArn"]
    template: |
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: ecs-tasks.amazonaws.com}
                  Action: sts:AssumeRole
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref Role
            ExecutionRoleArn: !GetAtt Role.Arn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
  - description: Sub of the role's ARN and a literal ARN naming its RoleName
    fires: ["taskRoleArn"]
    template: |
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: web-task
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}"
            ExecutionRoleArn: arn:aws:iam::123456789012:role/web-task
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
  - description: Role names differ only in case (IAM role names are case-insensitive)
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/App
      executionRoleArn: app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Two different roles
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Roles with the same name in different accounts
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::111111111111:role/app
      executionRoleArn: arn:aws:iam::222222222222:role/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Two roles in one template (also through Sub variables), and two different parameters
    template: |
      Parameters:
        TaskRoleArn: {Type: String}
        ExecutionRoleArn: {Type: String}
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ExecutionRoleArn: !Sub "${ExecutionRole.Arn}"
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        LocalVariables:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Sub ["${R}", {R: !GetAtt TaskRole.Arn}]
            ExecutionRoleArn: !Sub ["${R}", {R: !GetAtt ExecutionRole.Arn}]
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRoleArn
            ExecutionRoleArn: !Ref ExecutionRoleArn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/input/ECS001-parse-error.yaml", ####"""
code: ECS001
name: parse-error
severity: error
summary: The file is not valid JSON or YAML.
scope: [file]
tags: [input]
fix: none
implementation: pipeline
rationale: |
  A file that does not parse cannot be checked, and AWS tooling rejects it too. ecs-lint reports
  the parser's message at the exact position of the first error and counts it as an error, so a
  broken file can never slip through a CI gate as "no findings". This finding cannot be
  suppressed.
remediation: |
  Fix the syntax at the reported position. For JSON, common causes are trailing commas, missing
  commas between members and unquoted placeholders such as `$$$$CPU$$$$`; quote placeholders so
  the file stays valid JSON.
references:
  - https://www.rfc-editor.org/rfc/rfc8259
  - https://yaml.org/spec/1.2.2/
examples:
  - description: A member without a value in ECS JSON
    fires: [{line: 3, column: 10}]
    sources:
      ecs-json: |
        {
          "family": "web",
          "cpu": ,
          "containerDefinitions": []
        }
  - description: A missing comma between two members of a CloudFormation JSON template
    fires: [{line: 5, column: 7}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition"
              "Properties": {}
            }
          }
        }
  - description: A key indented less than its siblings in a CloudFormation YAML template
    fires: [{line: 4, column: 4}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
           Properties: {}
  - description: Valid files in every format
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "web"}}}}
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: web
"""####),
        ("rules/input/ECS002-duplicate-key.yaml", ####"""
code: ECS002
name: duplicate-key
severity: error
summary: A mapping repeats a key; the later value silently wins.
scope: [file]
tags: [input, correctness]
fix: none
implementation: DuplicateKeyRule
rationale: |
  JSON and YAML parsers used by AWS tooling (the AWS CLI, CloudFormation, the SDKs) keep the last
  occurrence of a repeated key without a warning. The first value looks authoritative to a reader
  but is ignored, which is how a reviewed `cpu` or `image` quietly differs from what runs.
remediation: |
  Delete one of the two entries, keeping the value you mean.
references:
  - https://www.rfc-editor.org/rfc/rfc8259#section-4
examples:
  - description: cpu set twice in one task definition
    fires: ["cpu"]
    taskDefinition:
      family: web
      cpu: "256"
      memory: "512"
      cpu: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A container name repeated inside a container definition
    fires: ["containerDefinitions[0].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          name: worker
  - description: Every key once
    taskDefinition:
      family: web
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
"""####),
        ("rules/input/ECS012-input-limit-exceeded.yaml", ####"""
code: ECS012
name: input-limit-exceeded
severity: error
summary: The file exceeds a safety limit (nesting, alias expansion, size, encoding, binary content, number range).
scope: [file]
tags: [input, robustness]
fix: none
implementation: pipeline
rationale: |
  A linter runs on whatever is in a repository: generated files, binary blobs with a `.json`
  name, YAML alias bombs. ecs-lint enforces explicit limits so such input ends in one clear
  finding instead of a crash, a hang or exhausted memory. Processing of that file stops; every
  other file of the run is still linted. The limits: file size (8 MiB), nesting (256 levels,
  YAML aliases expanded), YAML alias expansion (1,000,000 nodes), UTF-8 text without NUL bytes,
  and numbers that fit a 64-bit integer or float (a value like `1e999` would otherwise be read as
  unknown, and every rule about it would stay silent). The first three are set under `limits:`
  in `.ecs-lint.yaml`; `--max-file-size` overrides the size.
remediation: |
  Check that the file is what it claims to be: UTF-8 text, reasonably nested, without aliases that
  expand exponentially, with numbers in range. Files that are not ECS definitions can be excluded
  from the run; a legitimately large file can get a larger `limits.max-file-size`.
references:
  - https://en.wikipedia.org/wiki/Billion_laughs_attack
examples:
  - description: Arrays nested deeper than the limit (4 in this example; 256 by default)
    limits: {max-depth: 4}
    fires: [{line: 1, column: 46}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [[[["deep"]]]]}
  - description: Objects nested deeper than the limit in a CloudFormation JSON template
    limits: {max-depth: 4}
    fires: [{line: 1, column: 81}]
    sources:
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"A": {}}}}}
  - description: YAML aliases that expand past the budget (20 nodes in this example; 1,000,000 by default)
    limits: {max-alias-expansion: 20}
    fires: [{line: 3, column: 18}]
    sources:
      cfn-yaml: |
        Mappings:
          A: &a [x, x, x, x, x, x, x, x]
          B: &b [*a, *a, *a, *a]
        Resources: {}
  - description: An integer no 64-bit integer can hold
    fires: [{line: 1, column: 26}]
    sources:
      ecs-json: |
        {"family": "web", "cpu": 99999999999999999999, "containerDefinitions": []}
  - description: A number that overflows a 64-bit float in a CloudFormation YAML template
    fires: [{line: 5, column: 15}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Memory: 1e400
  - description: Nesting and aliases within the limits
    limits: {max-depth: 6, max-alias-expansion: 20}
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {}}}}
      cfn-yaml: |
        Mappings:
          A: &a [x, x]
          B: [*a, *a]
        Resources: {}
"""####),
        ("rules/meta/ECS008-unused-suppression.yaml", ####"""
code: ECS008
name: unused-suppression
severity: warning
summary: A suppression matches no finding, names no rule, has expired or cannot be read.
scope: [file]
tags: [suppressions]
fix: none
implementation: pipeline
rationale: |
  Suppressions outlive the problems they hid: the finding gets fixed, the resource is renamed or
  the rule changes, and the stale `ignore` stays, ready to hide the next real problem at that
  place. A misspelt code (`ECS10l`) or a malformed comment suppresses nothing while looking as if
  it did. ecs-lint reports every suppression that suppressed nothing in this run: YAML comments,
  CloudFormation `Metadata` entries and the configuration's `suppressions:` (an entry there is
  judged only when the files it covers were linted, so a pre-commit run on a few files does not
  flag entries for others). Suppressions of rules that are not running (not selected, or turned
  off for the file) are not judged. Entries past their `expires` date stop suppressing and are
  reported here too.
remediation: |
  Remove the suppression, or fix its rule code (the message suggests the closest one) or its
  form: `# ecs-lint: ignore[CODE] -- reason` on the line above or at the end of the flagged
  line, `# ecs-lint: ignore-file[CODE] -- reason` for the whole file, or
  `Metadata: {ecs-lint: {ignore: [{id: CODE, reason: ...}]}}` on a CloudFormation resource.
references:
  - https://docs.astral.sh/ruff/rules/unused-noqa/
examples:
  - description: A comment suppressing a rule that does not fire there, and one naming no rule
    fires: [{line: 5, column: 26}, {line: 8, column: 46}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101] -- sized by the platform team
              Cpu: "256"
              Memory: "512"
              NetworkMode: awsvpc # ecs-lint: ignore[ECS999] -- legacy
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A comment that suppresses a real finding is used
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101] -- load test sizing, removed after the test
              Cpu: "256"
              Memory: "4096"
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: CloudFormation Metadata suppressing a rule that does not fire on the resource
    fires: [{line: 5, column: 51}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {"Family": "web", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}
            }
          }
        }
  - description: CloudFormation Metadata that suppresses a real finding is used
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A configuration suppression for an ECS JSON file where the rule does not fire
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          reason: test fixture
    fires: [{line: 2, column: 5, in: config}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
  - description: A configuration suppression that suppresses a real finding is used
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          target: containerDefinitions[name=web]
          reason: test fixture
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
"""####),
        ("rules/meta/ECS009-suppression-without-reason.yaml", ####"""
code: ECS009
name: suppression-without-reason
severity: warning
summary: A suppression does not say why the finding is acceptable.
scope: [file]
tags: [suppressions]
fix: none
implementation: pipeline
rationale: |
  A suppression is a decision that a finding is acceptable here. Without the reason, the next
  reader cannot tell a considered exception ("isolated build cluster runs Docker-in-Docker") from
  a quick way to get CI green, and nobody can tell when the exception stops being true. The
  suppression still applies; this warning asks for the reason. SARIF output carries the reason as
  the suppression's justification, so code scanning shows it too.
remediation: |
  Write the reason after ` -- ` in a comment (`# ecs-lint: ignore[ECS201] -- reason`), or as
  `reason:` in a CloudFormation Metadata entry or a configuration `suppressions:` entry. Add
  `expires: YYYY-MM-DD` to entries that should be revisited.
references:
  - https://eslint.org/docs/latest/use/configure/rules#comment-descriptions
examples:
  - description: A comment without a reason
    fires: [{line: 5, column: 7}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101]
              Cpu: "256"
              Memory: "4096"
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A comment with a reason
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Cpu: "256"
              Memory: "4096" # ecs-lint: ignore[ECS101] -- load test sizing, removed after the test
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A Metadata entry without a reason
    fires: [{line: 5, column: 44}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A Metadata entry with a reason
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A configuration suppression without a reason
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
    fires: [{line: 2, column: 5, in: config}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
  - description: A configuration suppression with a reason
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          reason: test fixture
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
"""####),
        ("rules/networking/ECS301-invalid-network-mode.yaml", ####"""
code: ECS301
name: invalid-network-mode
severity: error
summary: networkMode is not an ECS value, or not one the task's launch type or OS can use.
scope: [taskDefinition]
tags: [networking, correctness]
fix: none
implementation: InvalidNetworkModeRule
rationale: |
  The ECS API accepts exactly `bridge`, `host`, `awsvpc` and `none` (lower case). There is no
  `default` or `nat` value: Windows tasks get the default network by omitting networkMode.
  Fargate requires `awsvpc`; Windows supports only `awsvpc` or the default; ECS Anywhere
  (EXTERNAL) does not support `awsvpc`; Managed Instances tasks must set a mode. Each mismatch
  fails at registration or at launch.
remediation: |
  Use one of the four lower-case values, and the one the launch type requires: `awsvpc` on
  Fargate, `bridge`, `host` or `none` on ECS Anywhere; omit networkMode for the Windows default.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Upper-case mode
    fires: ["networkMode"]
    taskDefinition:
      family: web
      networkMode: AWSVPC
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: "\"default\" is not an API value"
    fires: ["networkMode"]
    taskDefinition:
      family: web
      networkMode: default
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate with bridge networking
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: bridge
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate without a network mode
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Windows with bridge networking
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      networkMode: bridge
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2019_CORE
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
  - description: ECS Anywhere with awsvpc
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EXTERNAL]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Managed Instances without a network mode
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [MANAGED_INSTANCES]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Fargate with awsvpc
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Bridge networking on EC2
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Windows on EC2 with the default network (no networkMode)
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
"""####),
        ("rules/secrets/ECS401-plaintext-secret-in-environment.yaml", ####"""
code: ECS401
name: plaintext-secret-in-environment
severity: error
summary: A container environment variable holds a secret in plain text.
scope: [taskDefinition]
tags: [security, secrets]
security-severity: 8.0
fix: none
implementation: PlaintextSecretInEnvironmentRule
data: secret-patterns
parameters:
  - name: extra-name-patterns
    type: pattern-list
    description: |
      More PCRE2 patterns for variable names that hold secrets, matched against the name in
      UPPER_SNAKE form (`stripeApiKey` is tested as `STRIPE_API_KEY`), e.g. `'^ACME_(PIN|SEED)$'`.
rationale: |
  Environment values are part of the task definition: anyone allowed `ecs:DescribeTaskDefinition`
  can read them, they appear in the console, in CloudTrail and in every copy of the JSON in git.
  ECS injects secrets from Secrets Manager or SSM Parameter Store at container start through
  `secrets` with `valueFrom`, so the value never appears in the definition.

  ecs-lint flags a literal value when the variable's name says it is a secret (PASSWORD, SECRET,
  TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL… as whole words, so TOKENIZER_MODEL is
  fine; names ending in _FILE, _ARN, _NAME, _LENGTH and similar hold something else), or when the
  value itself looks like a credential (an AWS access key ID and the secret key next to it, a PEM
  private key, GitHub, Slack or Stripe tokens, a JWT, a URL with a password). Empty values,
  unresolved values (parameters, placeholders) and references such as ARNs do not fire;
  CloudFormation dynamic references are ECS408's. The patterns are PCRE2 data in
  `rules/data/secret-patterns.yaml`. Findings never print the value.
remediation: |
  Store the value in Secrets Manager or SSM Parameter Store and reference it from the container's
  `secrets` list (`{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:…"}`); the task
  execution role needs permission to read it. Then rotate the exposed secret.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
  - https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8
examples:
  - description: A password in plain text
    fires: ["containerDefinitions[0].environment[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: DB_HOST, value: db.internal}
            - {name: DB_PASSWORD, value: hunter2hunter2}
  - description: Secret-sounding names in camelCase and with a dash
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[1].environment[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: stripeApiKey, value: abc123def456}
        - name: worker
          image: busybox:1.36
          environment:
            - {name: github-token, value: abc123def456}
  - description: Credentials recognised by their value, whatever the name
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[0].environment[1]", "containerDefinitions[0].environment[2]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: KEY_A, value: AKIAIOSFODNN7EXAMPLE}
            - {name: KEY_B, value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
            - {name: DATABASE_URL, value: "postgres://app:s3cret@db.internal:5432/app"}
  - description: Names without word boundaries, digit suffixes, and credentials around placeholders
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[0].environment[1]", "containerDefinitions[0].environment[2]", "containerDefinitions[0].environment[3]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: PGPASSWORD, value: hunter2hunter2}
            - {name: DB_PASSWORD2, value: hunter2hunter2}
            - {name: DATABASE_URL, value: "postgres://app:S3cr3t@${DB_HOST}:5432/app"}
            - {name: REDIS_URL, value: "redis://:S3cr3tpw@redis:6379"}
  - description: Names that mention a secret but hold something else
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: PASSWORD_MIN_LENGTH, value: "12"}
            - {name: TOKENIZER_MODEL, value: bert-base-uncased}
            - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
            - {name: API_KEY_SECRET_NAME, value: prod/api-key}
            - {name: DB_SECRET_ARN, value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
            - {name: PWD, value: /app}
  - description: Empty values, placeholders and secrets injected through valueFrom
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: DB_PASSWORD, value: ""}
            - {name: API_TOKEN, value: "${API_TOKEN}"}
            - {name: DATABASE_URL, value: "postgres://db.internal:5432/app"}
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
  - description: A parameter reference is unknown here (ECS409 covers NoEcho)
    template: |
      Parameters:
        DbPassword: {Type: String, NoEcho: true}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Environment:
                  - Name: DB_PASSWORD
                    Value: !Ref DbPassword
                  - Name: API_TOKEN
                    Value: "{{resolve:secretsmanager:prod/api:SecretString:token}}"
  - description: A literal password next to an intrinsic in CloudFormation
    fires: ["containerDefinitions[0].environment[1]"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Environment:
                  - Name: DB_HOST
                    Value: !GetAtt Database.Endpoint.Address
                  - Name: DB_PASSWORD
                    Value: hunter2hunter2
"""####),
        ("rules/sizing/ECS011-unrecognized-size-unit.yaml", ####"""
code: ECS011
name: unrecognized-size-unit
severity: warning
summary: Task cpu or memory is written in a form ECS does not document.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: UnrecognizedSizeUnitRule
rationale: |
  Task-level `cpu` and `memory` are strings in the ECS API. ECS documents CPU units (`"1024"`) or
  vCPUs (`"1 vCPU"`, `".25 vcpu"`) for cpu, and MiB (`"2048"`) or GB (`"2 GB"`, `"2GB"`, `".5 gb"`)
  for memory. Other spellings such as `"2 GiB"` or `"2048MB"` are not part of the documented
  grammar: they may be rejected at registration, and ecs-lint cannot check the size they mean.
remediation: |
  Write cpu as CPU units or vCPUs and memory as MiB or GB, e.g. `cpu: "1024"`, `memory: "2 GB"`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Memory in GiB, which ECS does not document
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2 GiB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: CPU with a unit ECS does not know, and memory in MB
    fires: ["cpu", "memory"]
    taskDefinition:
      family: web
      cpu: "1024 units"
      memory: "2048MB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Memory in MB
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048MB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Units, vCPUs and GB in the documented forms
    taskDefinition:
      family: web
      cpu: "1 vCPU"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fractional vCPU and GB without a space
    taskDefinition:
      family: web
      cpu: ".25 vcpu"
      memory: ".5gb"
      containerDefinitions:
        - name: web
          image: nginx:1.27
"""####),
        ("rules/sizing/ECS101-invalid-fargate-cpu-memory.yaml", ####"""
code: ECS101
name: invalid-fargate-cpu-memory
severity: error
summary: A Fargate task's cpu and memory are not a combination Fargate offers.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
data: fargate-task-sizes
check:
  # @facts are computed in Swift: a service in the same template can put the task on Fargate,
  # and "1 vCPU" / "8 GB" are 1024 units / 8192 MiB. The table is rules/data/fargate-task-sizes.yaml.
  when: {path: "@on-fargate", equals: true}
  assert:
    all:
      - table:
          data: fargate-task-sizes
          rows: sizes
          columns: {os: "@os-family", cpu: "@cpu-units"}
        message: "task cpu {cpu} is not a size Fargate offers for {os}; valid cpu values: {valid-cpu}"
      - table:
          data: fargate-task-sizes
          rows: sizes
          columns: {os: "@os-family", cpu: "@cpu-units", memory: "@memory-mib"}
        message: "task memory {memory} MiB is not valid with cpu {cpu} on Fargate for {os}; valid memory values: {valid-memory}"
  report-at: cpu
rationale: |
  Fargate runs tasks only in fixed sizes: each task cpu value allows a specific set of memory
  values (for example 256 CPU units with 512, 1024 or 2048 MiB). Any other pair fails at
  registration with "Invalid 'cpu' setting for task" or, from Terraform, "No Fargate
  configuration exists for given values". The table applies whenever `requiresCompatibilities`
  contains FARGATE, even with EC2 listed too, and when a service launches the task on Fargate.
  Windows tasks on Fargate are limited to the 1, 2 and 4 vCPU rows. The valid pairs are data in
  `rules/data/fargate-task-sizes.yaml`.
remediation: |
  Pick a memory value listed for the task's cpu (the message names them), or a cpu whose row
  contains the memory you need.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
  - https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html
examples:
  - description: 256 CPU units allow at most 2048 MiB
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "4096"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A cpu value that is no Fargate size
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "300"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Windows on Fargate needs at least 1 vCPU
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: The 32 vCPU tier allows only 60, 120 and 244 GiB
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "32 vCPU"
      memory: "65536"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A service launches the task on Fargate although the task does not require it
    fires: ["cpu"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: 512
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref Task
  - description: Valid pairs in units, vCPUs and GB
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1 vCPU"
      memory: "8 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: The largest 32 vCPU size
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "32768"
      memory: "249856"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: The same size on EC2 only is not checked against the Fargate table
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      cpu: "256"
      memory: "4096"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Sizes from parameters are unknown, so the rule stays silent
    template: |
      Parameters:
        Cpu: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: !Ref Cpu
            Memory: "4096"
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/sizing/ECS102-missing-fargate-task-size.yaml", ####"""
code: ECS102
name: missing-fargate-task-size
severity: error
summary: A Fargate task has no task-level cpu or memory.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
check:
  when: {path: "@on-fargate", equals: true}
  assert:
    all:
      - not: {all: [{path: cpu, absent: true}, {path: memory, absent: true}]}
        message: Fargate task has no task-level cpu and memory; Fargate requires both cpu and memory at task level
      - path: cpu
        exists: true
        message: Fargate task has no task-level cpu; Fargate requires both cpu and memory at task level
      - path: memory
        exists: true
        message: Fargate task has no task-level memory; Fargate requires both cpu and memory at task level
  # The FARGATE entry of requiresCompatibilities, or the task when only a service runs it there.
  report-at: "@on-fargate"
rationale: |
  On EC2, task-level cpu and memory are optional and container-level values can stand in for
  them. On Fargate both are required at task level: the size of the task is what Fargate
  provisions, and registration fails without them.
remediation: |
  Add task-level `cpu` and `memory` with a combination Fargate supports (see ECS101).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Fargate task with container memory only
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
  - description: Fargate task with no task size at all
    fires: ["requiresCompatibilities[1]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate task with both sizes
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: An EC2 task may leave the size to its containers
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
"""####),
        ("rules/sizing/ECS103-container-resources-exceed-task.yaml", ####"""
code: ECS103
name: container-resources-exceed-task
severity: error
summary: The containers reserve more cpu or memory than the task has.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: ContainerResourcesExceedTaskRule
rationale: |
  Task-level `cpu` and `memory` are what the task gets; the containers share it. ECS rejects a
  task definition whose containers reserve more than that at registration: the sum of the
  containers' `cpu` over the task `cpu`, the sum of the containers' memory reservations over
  the task `memory` (a container's reservation is its `memoryReservation`, or its `memory` when it
  has none), or a single container's `memory` hard limit over the task `memory`. Containers may
  use the whole task: equality is fine, as in AWS's own Windows Fargate example.

  Task sizes may be written `"1 vCPU"` or `"2 GB"`; container numbers may be strings in
  CloudFormation (`Cpu: "512"`). A container value that is unknown (a parameter, an intrinsic)
  counts as nothing, so the rule reports only sums that the known values already exceed. When one
  container's hard limit is over the task memory, that container is reported and not the sum
  as well.
remediation: |
  Raise the task `cpu`/`memory`, or lower the containers' values. A container that needs a high
  hard limit only in bursts can reserve less with `memoryReservation` and keep `memory` as the
  ceiling.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
examples:
  - description: Two containers reserve 1280 CPU units in a 1 vCPU task
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1 vCPU"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          cpu: 768
        - name: log-router
          image: fluent-bit:3.0
          cpu: 512
  - description: One container's hard limit is over the task memory (reported once, at the container)
    fires: ["containerDefinitions[0].memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 4096
  - description: The reservations add up to more than the task memory
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 1536
        - name: sidecar
          image: envoy:1.30
          memory: 2048
          memoryReservation: 1024
  - description: Container cpu as strings in CloudFormation
    fires: ["cpu"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 512
            Memory: 1024
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: "512"
              - Name: sidecar
                Image: envoy:1.30
                Cpu: "256"
  - description: The known containers already exceed the task, whatever the parameter is
    fires: ["cpu"]
    template: |
      Parameters:
        SidecarCpu: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 1024
            Memory: 2048
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: 1536
              - Name: sidecar
                Image: envoy:1.30
                Cpu: !Ref SidecarCpu
  - description: Containers that use the whole task (AWS's Windows Fargate example)
    taskDefinition:
      family: windows-simple-iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2019_CORE}
      cpu: "2048"
      memory: "4096"
      containerDefinitions:
        - name: sample_windows_app
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
          cpu: 2048
          memory: 4096
  - description: Hard limits add up to more than the task, but the reservations fit
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 2048
          memoryReservation: 1024
        - name: sidecar
          image: envoy:1.30
          memory: 1024
          memoryReservation: 512
  - description: A parameter could make the sum too large, but it is unknown
    template: |
      Parameters:
        SidecarCpu: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 1024
            Memory: 2048
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: 768
              - Name: sidecar
                Image: envoy:1.30
                Cpu: !Ref SidecarCpu
  - description: No task-level size to exceed (EC2)
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          cpu: 4096
          memory: 8192
"""####),
        ("rules/sizing/ECS104-memory-reservation-exceeds-limit.yaml", ####"""
code: ECS104
name: memory-reservation-exceeds-limit
severity: error
summary: A container reserves more memory than its own hard limit.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
check:
  for-each: containerDefinitions[*]
  assert: {path: memoryReservation, at-most: memory}
  message: container {name} reserves {value} MiB (memoryReservation), more than its memory hard limit of {bound} MiB
rationale: |
  `memoryReservation` is the soft limit ECS reserves for a container on the instance; `memory`
  is the hard limit at which the container is killed. A reservation above the hard limit cannot
  be honoured, and ECS rejects the task definition at registration. Equal values are accepted.
remediation: |
  Lower `memoryReservation` below `memory`, or raise `memory`. Leave out `memory` if the
  container should be allowed to use free memory on the instance beyond its reservation.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Reservation above the hard limit
    fires: ["containerDefinitions[0].memoryReservation"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
          memoryReservation: 1024
  - description: Numbers as strings in CloudFormation
    fires: ["containerDefinitions[1].memoryReservation"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: "1024"
              - Name: sidecar
                Image: envoy:1.30
                Memory: "256"
                MemoryReservation: "384"
  - description: Reservation equal to the hard limit, and a reservation without a hard limit
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 1024
          memoryReservation: 1024
        - name: sidecar
          image: envoy:1.30
          memoryReservation: 4096
  - description: The hard limit comes from a parameter
    template: |
      Parameters:
        Memory: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: !Ref Memory
                MemoryReservation: 1024
"""####),
        ("rules/sizing/ECS105-missing-container-memory.yaml", ####"""
code: ECS105
name: missing-container-memory
severity: error
summary: Neither the task nor a container sets memory.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: MissingContainerMemoryRule
rationale: |
  ECS must know how much memory to reserve for each container. Without a task-level `memory`,
  every container needs a `memory` hard limit or a `memoryReservation` (or both); otherwise the
  task definition is rejected at registration ("At least one of 'memory' or 'memoryReservation'
  must be specified"). A Fargate task needs task-level memory in any case; that is ECS102's
  finding, so this rule leaves Fargate tasks alone. A bare `containerDefinitions` array (the JSON
  Terraform reads with `file()`) is not checked either: its task-level memory, if any, is in the
  Terraform resource around it.
remediation: |
  Set task-level `memory`, or give the container a `memoryReservation` (the memory it normally
  needs) and, if it should be capped, a `memory` hard limit.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: The second container has no memory setting and the task none either
    fires: ["containerDefinitions[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memoryReservation: 256
        - name: sidecar
          image: envoy:1.30
  - description: Every container sets memory or memoryReservation
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
        - name: sidecar
          image: envoy:1.30
          memoryReservation: 128
  - description: Task-level memory covers the containers
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      memory: "1 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A Fargate task without memory is ECS102's finding
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A bare containerDefinitions array, whose task is defined elsewhere
    sources:
      ecs-json: |
        [{"name": "web", "image": "nginx:1.27"}]
  - description: Task memory from a parameter
    template: |
      Parameters:
        Memory: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Memory: !Ref Memory
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/sizing/ECS106-fargate-unsupported-field.yaml", ####"""
code: ECS106
name: fargate-unsupported-field
severity: error
summary: A task that runs on Fargate uses a field Fargate does not support.
scope: [taskDefinition]
tags: [sizing, fargate, correctness]
fix: none
implementation: FargateUnsupportedFieldRule
data: unsupported-fields
rationale: |
  Fargate runs each task on infrastructure that AWS manages, so task-definition fields that
  reach into the host do not exist there: `privileged`, `ipcMode`, task `placementConstraints`,
  Docker volumes (`dockerVolumeConfiguration`), host paths (`host.sourcePath`),
  `linuxParameters` `devices`, `sharedMemorySize`, `tmpfs`, `maxSwap` and `swappiness`, GPU
  `resourceRequirements`, added kernel capabilities other than `SYS_PTRACE` (with or without the
  `CAP_` prefix), `dockerSecurityOptions`, the networking fields that awsvpc replaces
  (`disableNetworking`, `dnsSearchDomains`, `dnsServers`, `extraHosts`, `links`, `hostname`), and
  `pidMode` other than `task`. ECS rejects such a task definition when it requires FARGATE, and a
  service cannot launch it on Fargate. The task runs on Fargate when `requiresCompatibilities`
  lists FARGATE (also next to EC2) or a service in the same template launches it there.

  Each use is one finding naming the field. A `false` boolean (`privileged: false`) and empty
  lists are not uses. The list is data in `rules/data/unsupported-fields.yaml`. Some Fargate
  limits are other rules' findings, so that one mistake gives one finding: `networkMode` other
  than awsvpc (ECS301), `startTimeout`/`stopTimeout` over 120 seconds (ECS709), log drivers and
  log options (ECS5xx), service placement and DAEMON scheduling (ECS803, ECS804), Windows on
  ARM64 or FARGATE_SPOT (ECS109), and fields that need a newer platform version (ECS810). GPU
  `resourceRequirements` on Fargate are reported here and not by ECS110. On a Windows task, the
  fields Windows containers do not support anywhere (privileged, linuxParameters, …) are
  ECS107's findings.
remediation: |
  Remove the field, or run the task on EC2 if it needs the host: a GPU, a device, a host path, a
  privileged container. For shared storage use an EFS volume; for a scratch volume, a bind mount
  (a volume without `host`). Containers of a Fargate task share one network namespace, so they
  reach each other on `localhost` without `links`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
examples:
  - description: A privileged container adding SYS_ADMIN, with host namespaces
    fires: ["pidMode", "ipcMode", "containerDefinitions[0].privileged", "containerDefinitions[0].linuxParameters.capabilities.add[1]"]
    taskDefinition:
      family: debug
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      pidMode: host
      ipcMode: host
      containerDefinitions:
        - name: debug
          image: debug:1.0
          privileged: true
          linuxParameters:
            capabilities:
              add: [CAP_SYS_PTRACE, SYS_ADMIN]
  - description: A Docker volume, a host path and a GPU
    fires: ["volumes[0].dockerVolumeConfiguration", "volumes[1].host.sourcePath", "containerDefinitions[0].resourceRequirements[0]"]
    taskDefinition:
      family: train
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "4096"
      memory: "16384"
      containerDefinitions:
        - name: train
          image: train:1.0
          resourceRequirements:
            - {type: GPU, value: "1"}
          mountPoints:
            - {sourceVolume: cache, containerPath: /cache}
            - {sourceVolume: data, containerPath: /data}
      volumes:
        - name: cache
          dockerVolumeConfiguration: {scope: task, driver: local}
        - name: data
          host: {sourcePath: /mnt/data}
  - description: Host networking fields and Linux tuning, one finding each
    fires: ["containerDefinitions[0].hostname", "containerDefinitions[0].dnsServers", "containerDefinitions[0].links",
            "containerDefinitions[0].linuxParameters.sharedMemorySize", "containerDefinitions[0].linuxParameters.tmpfs"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          hostname: web
          dnsServers: [10.0.0.2]
          links: [cache]
          linuxParameters:
            sharedMemorySize: 256
            tmpfs:
              - {containerPath: /tmp, size: 64}
        - name: cache
          image: redis:7
  - description: Task placement constraints on a task a service launches on Fargate
    fires: ["placementConstraints"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            PlacementConstraints:
              - Type: memberOf
                Expression: attribute:ecs.instance-type =~ t3.*
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref Task
  - description: What Fargate allows - SYS_PTRACE, pidMode task, privileged false, a bind mount, an EFS volume, empty lists
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      pidMode: task
      containerDefinitions:
        - name: web
          image: nginx:1.27
          privileged: false
          dnsServers: []
          linuxParameters:
            initProcessEnabled: true
            capabilities:
              add: [SYS_PTRACE]
              drop: [ALL]
          mountPoints:
            - {sourceVolume: scratch, containerPath: /scratch}
            - {sourceVolume: shared, containerPath: /shared}
      volumes:
        - name: scratch
          host: {}
        - name: shared
          efsVolumeConfiguration: {fileSystemId: fs-12345678, transitEncryption: ENABLED}
  - description: The same fields on EC2
    taskDefinition:
      family: debug
      requiresCompatibilities: [EC2]
      pidMode: host
      containerDefinitions:
        - name: debug
          image: debug:1.0
          privileged: true
          hostname: debug
  - description: A parameter decides privileged
    template: |
      Parameters:
        Privileged: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Privileged: !Ref Privileged
  - description: On a Windows task, privileged and linuxParameters are ECS107's; the host path is reported here
    fires: ["volumes[0].host.sourcePath"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          privileged: true
          linuxParameters:
            devices:
              - {hostPath: /dev/fuse}
          mountPoints:
            - {sourceVolume: logs, containerPath: C:\logs}
      volumes:
        - name: logs
          host: {sourcePath: C:\logs}
"""####),
        ("rules/sizing/ECS107-windows-unsupported-field.yaml", ####"""
code: ECS107
name: windows-unsupported-field
severity: error
summary: A Windows task definition uses a field Windows containers do not support.
scope: [taskDefinition]
tags: [sizing, windows, correctness]
fix: none
implementation: WindowsUnsupportedFieldRule
data: unsupported-fields
rationale: |
  Several container and task fields are Linux features that Windows containers do not have, on
  EC2 and Fargate alike: `links`, `linuxParameters`, `user`, `disableNetworking`, `privileged`,
  `readonlyRootFilesystem`, `dnsServers`, `dnsSearchDomains`, `extraHosts`, `ulimits`,
  `pidMode`, `ipcMode` and `systemControls`; Docker volumes on Windows support only the `local`
  driver. The ECS API documents each of them as not supported for Windows containers.

  A task definition is Windows when `runtimePlatform.operatingSystemFamily` starts with
  `WINDOWS_`; without `runtimePlatform` the rule cannot tell and stays silent. Each use is one
  finding naming the field; `false` booleans and empty lists are not uses. The list is data in
  `rules/data/unsupported-fields.yaml`. On a Windows task that runs on Fargate these fields are
  reported here and not again by ECS106.
remediation: |
  Remove the field. Windows containers run as `ContainerUser` or `ContainerAdministrator` set in
  the image, and use the awsvpc or default network.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows_task_definitions.html
examples:
  - description: Linux-only container fields on Windows
    fires: ["containerDefinitions[0].user", "containerDefinitions[0].readonlyRootFilesystem",
            "containerDefinitions[0].linuxParameters", "containerDefinitions[0].ulimits"]
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2019_FULL}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
          memory: 2048
          user: "1000"
          readonlyRootFilesystem: true
          linuxParameters:
            initProcessEnabled: true
          ulimits:
            - {name: nofile, softLimit: 4096, hardLimit: 4096}
  - description: pidMode and a Docker volume driver other than local, on Windows on EC2
    fires: ["pidMode", "volumes[0].dockerVolumeConfiguration.driver"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [EC2]
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      pidMode: task
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          memory: 2048
          mountPoints:
            - {sourceVolume: data, containerPath: C:\data}
      volumes:
        - name: data
          dockerVolumeConfiguration: {scope: shared, autoprovision: true, driver: rexray/ebs}
  - description: A Windows task with false booleans, empty lists and a local Docker volume
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          memory: 2048
          privileged: false
          readonlyRootFilesystem: false
          links: []
          mountPoints:
            - {sourceVolume: data, containerPath: C:\data}
      volumes:
        - name: data
          dockerVolumeConfiguration: {scope: task, driver: local}
  - description: The same fields on Linux
    taskDefinition:
      family: web
      runtimePlatform: {operatingSystemFamily: LINUX}
      pidMode: task
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
          user: "1000"
          readonlyRootFilesystem: true
          linuxParameters:
            initProcessEnabled: true
  - description: The operating system comes from a parameter
    template: |
      Parameters:
        OS: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RuntimePlatform:
              OperatingSystemFamily: !Ref OS
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 512
                User: "1000"
"""####),
        ("rules/sizing/ECS108-invalid-ephemeral-storage.yaml", ####"""
code: ECS108
name: invalid-ephemeral-storage
severity: error
summary: Ephemeral storage is outside 21–200 GiB, or set on a task that does not run on Fargate.
scope: [taskDefinition]
tags: [sizing, fargate, correctness]
fix: none
implementation: InvalidEphemeralStorageRule
rationale: |
  `ephemeralStorage.sizeInGiB` raises the storage of a Fargate task above its 20 GiB default; ECS
  accepts 21 to 200 GiB and rejects other sizes at registration (an error). The setting sizes
  Fargate storage only: on a task whose `requiresCompatibilities` lists only EC2 or EXTERNAL it
  has no effect, which usually means a copied setting or a task meant for Fargate (a warning).
  A task without `requiresCompatibilities` is not warned about, because ECS works out its
  compatibilities itself and may find it fits Fargate; nor is a Managed Instances task, for
  which AWS documents neither. An out-of-range size is reported once, as the error.
remediation: |
  Use a size from 21 to 200 GiB, or leave `ephemeralStorage` out for the 20 GiB default. On EC2,
  size the instance's Docker storage instead (or use an EBS volume) and remove the setting.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
examples:
  - description: 20 GiB is the default, not a size to ask for
    fires: ["ephemeralStorage.sizeInGiB"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 20}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: More than 200 GiB
    fires: ["ephemeralStorage.sizeInGiB"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 500}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: Ephemeral storage on an EC2-only task (a warning)
    fires: ["ephemeralStorage"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [EC2]
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 100}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: The bounds themselves
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 21}
      containerDefinitions:
        - name: batch
          image: batch:1.0
          mountPoints:
            - {sourceVolume: scratch, containerPath: /scratch}
      volumes:
        - name: scratch
  - description: 200 GiB on a task that lists EC2 and FARGATE
    taskDefinition:
      family: batch
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 200}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: Without requiresCompatibilities the task may still run on Fargate
    taskDefinition:
      family: batch
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 100}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: The size comes from a parameter
    template: |
      Parameters:
        Storage: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            EphemeralStorage:
              SizeInGiB: !Ref Storage
            ContainerDefinitions:
              - Name: batch
                Image: batch:1.0
"""####),
        ("rules/sizing/ECS109-invalid-runtime-platform.yaml", ####"""
code: ECS109
name: invalid-runtime-platform
severity: error
summary: A Windows task is set up to run on Fargate on ARM64 or on Fargate Spot.
scope: [taskDefinition]
tags: [sizing, fargate, windows, correctness]
fix: none
implementation: InvalidRuntimePlatformRule
rationale: |
  Windows containers on Fargate run only on X86_64 processors, and only with the FARGATE
  capacity provider: Fargate Spot runs Linux tasks only. A Windows task definition with
  `cpuArchitecture: ARM64` that runs on Fargate is rejected; a service that puts a Windows task
  on FARGATE_SPOT cannot place it. The rule reports the architecture on the task definition,
  and the FARGATE_SPOT entry of each service in the same template that runs the task.

  Windows tasks on Fargate also need at least 1 vCPU; ECS101 reports that, with the task sizes
  Windows allows, so the rule does not report it again.
remediation: |
  Use `cpuArchitecture: X86_64` (or leave it out) for Windows on Fargate, and the FARGATE capacity
  provider instead of FARGATE_SPOT for Windows services.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
examples:
  - description: Windows on ARM64 on Fargate
    fires: ["runtimePlatform.cpuArchitecture"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE, cpuArchitecture: ARM64}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: A service runs a Windows task on Fargate Spot
    fires: ["capacityProviderStrategy[1].capacityProvider"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            RuntimePlatform:
              OperatingSystemFamily: WINDOWS_SERVER_2019_CORE
            ContainerDefinitions:
              - Name: iis
                Image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            CapacityProviderStrategy:
              - CapacityProvider: FARGATE
                Base: 1
                Weight: 1
              - CapacityProvider: FARGATE_SPOT
                Weight: 3
  - description: Windows on X86_64 on Fargate
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE, cpuArchitecture: X86_64}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: Linux on ARM64 on Fargate Spot
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            RuntimePlatform:
              OperatingSystemFamily: LINUX
              CpuArchitecture: ARM64
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            CapacityProviderStrategy:
              - CapacityProvider: FARGATE_SPOT
                Weight: 1
  - description: The architecture comes from a parameter
    template: |
      Parameters:
        Architecture: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            RuntimePlatform:
              OperatingSystemFamily: WINDOWS_SERVER_2022_CORE
              CpuArchitecture: !Ref Architecture
            ContainerDefinitions:
              - Name: iis
                Image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
"""####),
        ("rules/sizing/ECS110-resource-out-of-range.yaml", ####"""
code: ECS110
name: resource-out-of-range
severity: error
summary: Task cpu outside what EC2 supports, or a container memory limit below 6 MiB.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: ResourceOutOfRangeRule
rationale: |
  Outside Fargate, task-level `cpu` is optional, but when it is given ECS accepts 128 to 196608
  CPU units (0.125 to 192 vCPU) and rejects other values at registration (an error). Fargate
  tasks are checked against Fargate's own sizes by ECS101 instead.

  A container `memory` hard limit below 6 MiB is a warning: Docker 20.10 and later reserve at
  least 6 MiB for a container (4 MiB before), so such a container cannot start. GPU
  `resourceRequirements` on a Fargate task are ECS106's finding (Fargate has no GPUs), so they
  are not reported here again.
remediation: |
  Give the task a cpu from 128 to 196608 units (or leave it out on EC2), and containers at least
  6 MiB of memory; real applications need far more.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Less than 128 CPU units on EC2
    fires: ["cpu"]
    taskDefinition:
      family: tiny
      requiresCompatibilities: [EC2]
      cpu: "64"
      memory: "512"
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
  - description: More than 192 vCPUs
    fires: ["cpu"]
    taskDefinition:
      family: huge
      cpu: "256 vCPU"
      containerDefinitions:
        - name: huge
          image: app:1.0
          memory: 4096
  - description: A 4 MiB memory limit (a warning)
    fires: ["containerDefinitions[0].memory"]
    taskDefinition:
      family: tiny
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
          memory: 4
  - description: The bounds themselves
    taskDefinition:
      family: tiny
      requiresCompatibilities: [EC2]
      cpu: "128"
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
          memory: 6
  - description: 192 vCPUs
    taskDefinition:
      family: huge
      requiresCompatibilities: [EXTERNAL]
      cpu: "196608"
      containerDefinitions:
        - name: huge
          image: app:1.0
          memory: 4096
  - description: A Fargate size is ECS101's, and a GPU on Fargate ECS106's
    taskDefinition:
      family: train
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "64"
      memory: "512"
      containerDefinitions:
        - name: train
          image: train:1.0
          resourceRequirements:
            - {type: GPU, value: "1"}
  - description: Task cpu and container memory from parameters
    template: |
      Parameters:
        Cpu: {Type: String}
        Memory: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: !Ref Cpu
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: !Ref Memory
"""####),
    ]

    /// The metadata of every rule, as `RuleCatalog(files:)` reads it from `files`.
    static let descriptions: [RuleDescription] = [
        RuleDescription(
            code: "ECS001",
            name: "parse-error",
            severity: .error,
            summary: "The file is not valid JSON or YAML.",
            rationale: "A file that does not parse cannot be checked, and AWS tooling rejects it too. ecs-lint reports\nthe parser\'s message at the exact position of the first error and counts it as an error, so a\nbroken file can never slip through a CI gate as \"no findings\". This finding cannot be\nsuppressed.\n",
            remediation: "Fix the syntax at the reported position. For JSON, common causes are trailing commas, missing\ncommas between members and unquoted placeholders such as `$$$$CPU$$$$`; quote placeholders so\nthe file stays valid JSON.\n",
            references: ["https://www.rfc-editor.org/rfc/rfc8259", "https://yaml.org/spec/1.2.2/"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["input"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS001-parse-error.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[20].text, sourcePath: files[20].path)),
        RuleDescription(
            code: "ECS002",
            name: "duplicate-key",
            severity: .error,
            summary: "A mapping repeats a key; the later value silently wins.",
            rationale: "JSON and YAML parsers used by AWS tooling (the AWS CLI, CloudFormation, the SDKs) keep the last\noccurrence of a repeated key without a warning. The first value looks authoritative to a reader\nbut is ignored, which is how a reviewed `cpu` or `image` quietly differs from what runs.\n",
            remediation: "Delete one of the two entries, keeping the value you mean.\n",
            references: ["https://www.rfc-editor.org/rfc/rfc8259#section-4"],
            scope: [.file],
            fix: .none,
            implementation: "DuplicateKeyRule",
            data: nil,
            tags: ["input", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS002-duplicate-key.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[21].text, sourcePath: files[21].path)),
        RuleDescription(
            code: "ECS008",
            name: "unused-suppression",
            severity: .warning,
            summary: "A suppression matches no finding, names no rule, has expired or cannot be read.",
            rationale: "Suppressions outlive the problems they hid: the finding gets fixed, the resource is renamed or\nthe rule changes, and the stale `ignore` stays, ready to hide the next real problem at that\nplace. A misspelt code (`ECS10l`) or a malformed comment suppresses nothing while looking as if\nit did. ecs-lint reports every suppression that suppressed nothing in this run: YAML comments,\nCloudFormation `Metadata` entries and the configuration\'s `suppressions:` (an entry there is\njudged only when the files it covers were linted, so a pre-commit run on a few files does not\nflag entries for others). Suppressions of rules that are not running (not selected, or turned\noff for the file) are not judged. Entries past their `expires` date stop suppressing and are\nreported here too.\n",
            remediation: "Remove the suppression, or fix its rule code (the message suggests the closest one) or its\nform: `# ecs-lint: ignore[CODE] -- reason` on the line above or at the end of the flagged\nline, `# ecs-lint: ignore-file[CODE] -- reason` for the whole file, or\n`Metadata: {ecs-lint: {ignore: [{id: CODE, reason: ...}]}}` on a CloudFormation resource.\n",
            references: ["https://docs.astral.sh/ruff/rules/unused-noqa/"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["suppressions"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/meta/ECS008-unused-suppression.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[23].text, sourcePath: files[23].path)),
        RuleDescription(
            code: "ECS009",
            name: "suppression-without-reason",
            severity: .warning,
            summary: "A suppression does not say why the finding is acceptable.",
            rationale: "A suppression is a decision that a finding is acceptable here. Without the reason, the next\nreader cannot tell a considered exception (\"isolated build cluster runs Docker-in-Docker\") from\na quick way to get CI green, and nobody can tell when the exception stops being true. The\nsuppression still applies; this warning asks for the reason. SARIF output carries the reason as\nthe suppression\'s justification, so code scanning shows it too.\n",
            remediation: "Write the reason after ` -- ` in a comment (`# ecs-lint: ignore[ECS201] -- reason`), or as\n`reason:` in a CloudFormation Metadata entry or a configuration `suppressions:` entry. Add\n`expires: YYYY-MM-DD` to entries that should be revisited.\n",
            references: ["https://eslint.org/docs/latest/use/configure/rules#comment-descriptions"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["suppressions"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/meta/ECS009-suppression-without-reason.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[24].text, sourcePath: files[24].path)),
        RuleDescription(
            code: "ECS011",
            name: "unrecognized-size-unit",
            severity: .warning,
            summary: "Task cpu or memory is written in a form ECS does not document.",
            rationale: "Task-level `cpu` and `memory` are strings in the ECS API. ECS documents CPU units (`\"1024\"`) or\nvCPUs (`\"1 vCPU\"`, `\".25 vcpu\"`) for cpu, and MiB (`\"2048\"`) or GB (`\"2 GB\"`, `\"2GB\"`, `\".5 gb\"`)\nfor memory. Other spellings such as `\"2 GiB\"` or `\"2048MB\"` are not part of the documented\ngrammar: they may be rejected at registration, and ecs-lint cannot check the size they mean.\n",
            remediation: "Write cpu as CPU units or vCPUs and memory as MiB or GB, e.g. `cpu: \"1024\"`, `memory: \"2 GB\"`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnrecognizedSizeUnitRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS011-unrecognized-size-unit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[27].text, sourcePath: files[27].path)),
        RuleDescription(
            code: "ECS012",
            name: "input-limit-exceeded",
            severity: .error,
            summary: "The file exceeds a safety limit (nesting, alias expansion, size, encoding, binary content, number range).",
            rationale: "A linter runs on whatever is in a repository: generated files, binary blobs with a `.json`\nname, YAML alias bombs. ecs-lint enforces explicit limits so such input ends in one clear\nfinding instead of a crash, a hang or exhausted memory. Processing of that file stops; every\nother file of the run is still linted. The limits: file size (8 MiB), nesting (256 levels,\nYAML aliases expanded), YAML alias expansion (1,000,000 nodes), UTF-8 text without NUL bytes,\nand numbers that fit a 64-bit integer or float (a value like `1e999` would otherwise be read as\nunknown, and every rule about it would stay silent). The first three are set under `limits:`\nin `.ecs-lint.yaml`; `--max-file-size` overrides the size.\n",
            remediation: "Check that the file is what it claims to be: UTF-8 text, reasonably nested, without aliases that\nexpand exponentially, with numbers in range. Files that are not ECS definitions can be excluded\nfrom the run; a legitimately large file can get a larger `limits.max-file-size`.\n",
            references: ["https://en.wikipedia.org/wiki/Billion_laughs_attack"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["input", "robustness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS012-input-limit-exceeded.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[22].text, sourcePath: files[22].path)),
        RuleDescription(
            code: "ECS101",
            name: "invalid-fargate-cpu-memory",
            severity: .error,
            summary: "A Fargate task\'s cpu and memory are not a combination Fargate offers.",
            rationale: "Fargate runs tasks only in fixed sizes: each task cpu value allows a specific set of memory\nvalues (for example 256 CPU units with 512, 1024 or 2048 MiB). Any other pair fails at\nregistration with \"Invalid \'cpu\' setting for task\" or, from Terraform, \"No Fargate\nconfiguration exists for given values\". The table applies whenever `requiresCompatibilities`\ncontains FARGATE, even with EC2 listed too, and when a service launches the task on Fargate.\nWindows tasks on Fargate are limited to the 1, 2 and 4 vCPU rows. The valid pairs are data in\n`rules/data/fargate-task-sizes.yaml`.\n",
            remediation: "Pick a memory value listed for the task\'s cpu (the message names them), or a cpu whose row\ncontains the memory you need.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size", "https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: "fargate-task-sizes",
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS101-invalid-fargate-cpu-memory.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[28].text, sourcePath: files[28].path)),
        RuleDescription(
            code: "ECS102",
            name: "missing-fargate-task-size",
            severity: .error,
            summary: "A Fargate task has no task-level cpu or memory.",
            rationale: "On EC2, task-level cpu and memory are optional and container-level values can stand in for\nthem. On Fargate both are required at task level: the size of the task is what Fargate\nprovisions, and registration fails without them.\n",
            remediation: "Add task-level `cpu` and `memory` with a combination Fargate supports (see ECS101).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS102-missing-fargate-task-size.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[29].text, sourcePath: files[29].path)),
        RuleDescription(
            code: "ECS103",
            name: "container-resources-exceed-task",
            severity: .error,
            summary: "The containers reserve more cpu or memory than the task has.",
            rationale: "Task-level `cpu` and `memory` are what the task gets; the containers share it. ECS rejects a\ntask definition whose containers reserve more than that at registration: the sum of the\ncontainers\' `cpu` over the task `cpu`, the sum of the containers\' memory reservations over\nthe task `memory` (a container\'s reservation is its `memoryReservation`, or its `memory` when it\nhas none), or a single container\'s `memory` hard limit over the task `memory`. Containers may\nuse the whole task: equality is fine, as in AWS\'s own Windows Fargate example.\n\nTask sizes may be written `\"1 vCPU\"` or `\"2 GB\"`; container numbers may be strings in\nCloudFormation (`Cpu: \"512\"`). A container value that is unknown (a parameter, an intrinsic)\ncounts as nothing, so the rule reports only sums that the known values already exceed. When one\ncontainer\'s hard limit is over the task memory, that container is reported and not the sum\nas well.\n",
            remediation: "Raise the task `cpu`/`memory`, or lower the containers\' values. A container that needs a high\nhard limit only in bursts can reserve less with `memoryReservation` and keep `memory` as the\nceiling.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ContainerResourcesExceedTaskRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS103-container-resources-exceed-task.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[30].text, sourcePath: files[30].path)),
        RuleDescription(
            code: "ECS104",
            name: "memory-reservation-exceeds-limit",
            severity: .error,
            summary: "A container reserves more memory than its own hard limit.",
            rationale: "`memoryReservation` is the soft limit ECS reserves for a container on the instance; `memory`\nis the hard limit at which the container is killed. A reservation above the hard limit cannot\nbe honoured, and ECS rejects the task definition at registration. Equal values are accepted.\n",
            remediation: "Lower `memoryReservation` below `memory`, or raise `memory`. Leave out `memory` if the\ncontainer should be allowed to use free memory on the instance beyond its reservation.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS104-memory-reservation-exceeds-limit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[31].text, sourcePath: files[31].path)),
        RuleDescription(
            code: "ECS105",
            name: "missing-container-memory",
            severity: .error,
            summary: "Neither the task nor a container sets memory.",
            rationale: "ECS must know how much memory to reserve for each container. Without a task-level `memory`,\nevery container needs a `memory` hard limit or a `memoryReservation` (or both); otherwise the\ntask definition is rejected at registration (\"At least one of \'memory\' or \'memoryReservation\'\nmust be specified\"). A Fargate task needs task-level memory in any case; that is ECS102\'s\nfinding, so this rule leaves Fargate tasks alone. A bare `containerDefinitions` array (the JSON\nTerraform reads with `file()`) is not checked either: its task-level memory, if any, is in the\nTerraform resource around it.\n",
            remediation: "Set task-level `memory`, or give the container a `memoryReservation` (the memory it normally\nneeds) and, if it should be capped, a `memory` hard limit.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "MissingContainerMemoryRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS105-missing-container-memory.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[32].text, sourcePath: files[32].path)),
        RuleDescription(
            code: "ECS106",
            name: "fargate-unsupported-field",
            severity: .error,
            summary: "A task that runs on Fargate uses a field Fargate does not support.",
            rationale: "Fargate runs each task on infrastructure that AWS manages, so task-definition fields that\nreach into the host do not exist there: `privileged`, `ipcMode`, task `placementConstraints`,\nDocker volumes (`dockerVolumeConfiguration`), host paths (`host.sourcePath`),\n`linuxParameters` `devices`, `sharedMemorySize`, `tmpfs`, `maxSwap` and `swappiness`, GPU\n`resourceRequirements`, added kernel capabilities other than `SYS_PTRACE` (with or without the\n`CAP_` prefix), `dockerSecurityOptions`, the networking fields that awsvpc replaces\n(`disableNetworking`, `dnsSearchDomains`, `dnsServers`, `extraHosts`, `links`, `hostname`), and\n`pidMode` other than `task`. ECS rejects such a task definition when it requires FARGATE, and a\nservice cannot launch it on Fargate. The task runs on Fargate when `requiresCompatibilities`\nlists FARGATE (also next to EC2) or a service in the same template launches it there.\n\nEach use is one finding naming the field. A `false` boolean (`privileged: false`) and empty\nlists are not uses. The list is data in `rules/data/unsupported-fields.yaml`. Some Fargate\nlimits are other rules\' findings, so that one mistake gives one finding: `networkMode` other\nthan awsvpc (ECS301), `startTimeout`/`stopTimeout` over 120 seconds (ECS709), log drivers and\nlog options (ECS5xx), service placement and DAEMON scheduling (ECS803, ECS804), Windows on\nARM64 or FARGATE_SPOT (ECS109), and fields that need a newer platform version (ECS810). GPU\n`resourceRequirements` on Fargate are reported here and not by ECS110. On a Windows task, the\nfields Windows containers do not support anywhere (privileged, linuxParameters, …) are\nECS107\'s findings.\n",
            remediation: "Remove the field, or run the task on EC2 if it needs the host: a GPU, a device, a host path, a\nprivileged container. For shared storage use an EFS volume; for a scratch volume, a bind mount\n(a volume without `host`). Containers of a Fargate task share one network namespace, so they\nreach each other on `localhost` without `links`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "FargateUnsupportedFieldRule",
            data: "unsupported-fields",
            tags: ["sizing", "fargate", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS106-fargate-unsupported-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[33].text, sourcePath: files[33].path)),
        RuleDescription(
            code: "ECS107",
            name: "windows-unsupported-field",
            severity: .error,
            summary: "A Windows task definition uses a field Windows containers do not support.",
            rationale: "Several container and task fields are Linux features that Windows containers do not have, on\nEC2 and Fargate alike: `links`, `linuxParameters`, `user`, `disableNetworking`, `privileged`,\n`readonlyRootFilesystem`, `dnsServers`, `dnsSearchDomains`, `extraHosts`, `ulimits`,\n`pidMode`, `ipcMode` and `systemControls`; Docker volumes on Windows support only the `local`\ndriver. The ECS API documents each of them as not supported for Windows containers.\n\nA task definition is Windows when `runtimePlatform.operatingSystemFamily` starts with\n`WINDOWS_`; without `runtimePlatform` the rule cannot tell and stays silent. Each use is one\nfinding naming the field; `false` booleans and empty lists are not uses. The list is data in\n`rules/data/unsupported-fields.yaml`. On a Windows task that runs on Fargate these fields are\nreported here and not again by ECS106.\n",
            remediation: "Remove the field. Windows containers run as `ContainerUser` or `ContainerAdministrator` set in\nthe image, and use the awsvpc or default network.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows_task_definitions.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "WindowsUnsupportedFieldRule",
            data: "unsupported-fields",
            tags: ["sizing", "windows", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS107-windows-unsupported-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[34].text, sourcePath: files[34].path)),
        RuleDescription(
            code: "ECS108",
            name: "invalid-ephemeral-storage",
            severity: .error,
            summary: "Ephemeral storage is outside 21–200 GiB, or set on a task that does not run on Fargate.",
            rationale: "`ephemeralStorage.sizeInGiB` raises the storage of a Fargate task above its 20 GiB default; ECS\naccepts 21 to 200 GiB and rejects other sizes at registration (an error). The setting sizes\nFargate storage only: on a task whose `requiresCompatibilities` lists only EC2 or EXTERNAL it\nhas no effect, which usually means a copied setting or a task meant for Fargate (a warning).\nA task without `requiresCompatibilities` is not warned about, because ECS works out its\ncompatibilities itself and may find it fits Fargate; nor is a Managed Instances task, for\nwhich AWS documents neither. An out-of-range size is reported once, as the error.\n",
            remediation: "Use a size from 21 to 200 GiB, or leave `ephemeralStorage` out for the 20 GiB default. On EC2,\nsize the instance\'s Docker storage instead (or use an EBS volume) and remove the setting.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidEphemeralStorageRule",
            data: nil,
            tags: ["sizing", "fargate", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS108-invalid-ephemeral-storage.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[35].text, sourcePath: files[35].path)),
        RuleDescription(
            code: "ECS109",
            name: "invalid-runtime-platform",
            severity: .error,
            summary: "A Windows task is set up to run on Fargate on ARM64 or on Fargate Spot.",
            rationale: "Windows containers on Fargate run only on X86_64 processors, and only with the FARGATE\ncapacity provider: Fargate Spot runs Linux tasks only. A Windows task definition with\n`cpuArchitecture: ARM64` that runs on Fargate is rejected; a service that puts a Windows task\non FARGATE_SPOT cannot place it. The rule reports the architecture on the task definition,\nand the FARGATE_SPOT entry of each service in the same template that runs the task.\n\nWindows tasks on Fargate also need at least 1 vCPU; ECS101 reports that, with the task sizes\nWindows allows, so the rule does not report it again.\n",
            remediation: "Use `cpuArchitecture: X86_64` (or leave it out) for Windows on Fargate, and the FARGATE capacity\nprovider instead of FARGATE_SPOT for Windows services.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidRuntimePlatformRule",
            data: nil,
            tags: ["sizing", "fargate", "windows", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS109-invalid-runtime-platform.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[36].text, sourcePath: files[36].path)),
        RuleDescription(
            code: "ECS110",
            name: "resource-out-of-range",
            severity: .error,
            summary: "Task cpu outside what EC2 supports, or a container memory limit below 6 MiB.",
            rationale: "Outside Fargate, task-level `cpu` is optional, but when it is given ECS accepts 128 to 196608\nCPU units (0.125 to 192 vCPU) and rejects other values at registration (an error). Fargate\ntasks are checked against Fargate\'s own sizes by ECS101 instead.\n\nA container `memory` hard limit below 6 MiB is a warning: Docker 20.10 and later reserve at\nleast 6 MiB for a container (4 MiB before), so such a container cannot start. GPU\n`resourceRequirements` on a Fargate task are ECS106\'s finding (Fargate has no GPUs), so they\nare not reported here again.\n",
            remediation: "Give the task a cpu from 128 to 196608 units (or leave it out on EC2), and containers at least\n6 MiB of memory; real applications need far more.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ResourceOutOfRangeRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS110-resource-out-of-range.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[37].text, sourcePath: files[37].path)),
        RuleDescription(
            code: "ECS201",
            name: "privileged-container",
            severity: .error,
            summary: "A container runs privileged, with root access to the host.",
            rationale: "`privileged: true` gives the container root on the host instance: every device, every kernel\ncapability, and no seccomp or AppArmor confinement. A compromised container then owns the\ninstance and every other task on it. Fargate rejects privileged containers, and AWS Control\nTower (CT.ECS.PR.11) and Security Hub flag them. checkov\'s Terraform check for this reads a\nmisspelled key (`privilege`) and passes privileged containers; cfn-lint does not check it.\n",
            remediation: "Remove `privileged` (or set it to `false`) and add only the kernel capabilities the container\nneeds with `linuxParameters.capabilities.add`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 8.8,
            parameters: [],
            sourcePath: "rules/hardening/ECS201-privileged-container.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[5].text, sourcePath: files[5].path)),
        RuleDescription(
            code: "ECS202",
            name: "container-runs-as-root",
            severity: .warning,
            summary: "A container runs as root.",
            rationale: "A process that runs as root inside the container is root on the host as soon as it escapes\nthe container, and can change everything in the container\'s filesystem. AWS Control Tower\n(CT.ECS.PR.3) and Security Hub ask for a non-root `user`. The rule reports `user` values that\nare root: `root`, `0`, and either with a group (`0:0`, `root:root`, `0:1000`). Windows\ncontainers do not support `user`, so Windows tasks are not checked.\n",
            remediation: "Set `user` to a non-root user or UID the image knows (`\"1000\"`, `\"app\"`, `\"1000:1000\"`), and\nmake the files the process writes belong to it.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ContainerRunsAsRootRule",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 5.5,
            parameters: [RuleParameter(name: "require-user", kind: .boolean, description: "Also report containers that set no `user` (they run as the image\'s user, which is usually\nroot). Off by default, because many images set a non-root user themselves.\n")],
            sourcePath: "rules/hardening/ECS202-container-runs-as-root.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[6].text, sourcePath: files[6].path)),
        RuleDescription(
            code: "ECS203",
            name: "writable-root-filesystem",
            severity: .warning,
            summary: "A container\'s root filesystem is writable.",
            rationale: "With `readonlyRootFilesystem: true` an attacker who gets code execution in the container cannot\ndrop tools or change the application\'s files, and the image stays what was scanned. AWS\nControl Tower (CT.ECS.PR.6) and the AWS Config rule `ecs-containers-readonly-access` ask for\nit. One known conflict: ECS Exec\'s SSM agent needs a writable root filesystem, so a container\nyou debug with ECS Exec needs this rule suppressed, with that reason. Windows containers do not\nsupport the setting, so the rule checks Linux tasks only.\n",
            remediation: "Set `readonlyRootFilesystem: true` and mount a volume (or a bind mount on Fargate) where the\napplication has to write, such as `/tmp`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html", "https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS203-writable-root-filesystem.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[7].text, sourcePath: files[7].path)),
        RuleDescription(
            code: "ECS204",
            name: "host-pid-namespace",
            severity: .error,
            summary: "The task shares the host\'s process namespace (pidMode host).",
            rationale: "With `pidMode: host` every container of the task sees all processes on the instance, can\nread their command lines and environments (often with secrets in them) and, with the\ncapabilities to do so, signal or trace them. AWS Control Tower (CT.ECS.PR.10) forbids it.\n`pidMode` is a task-level field: checkov\'s check looks for it inside the container\ndefinitions and never finds it.\n",
            remediation: "Remove `pidMode`, or use `task` to share a process namespace between the task\'s own\ncontainers only (for a sidecar that needs to see the application\'s processes).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS204-host-pid-namespace.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[8].text, sourcePath: files[8].path)),
        RuleDescription(
            code: "ECS205",
            name: "host-ipc-namespace",
            severity: .error,
            summary: "The task shares the host\'s IPC namespace (ipcMode host).",
            rationale: "With `ipcMode: host` the containers share System V IPC objects and POSIX message queues with\nthe instance and with every other task that does the same: shared memory segments of other\nprocesses can be read or corrupted. It is a task-level field, and no other linter checks it\noutside Fargate.\n",
            remediation: "Remove `ipcMode`, or use `task` to share IPC between the task\'s own containers only.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS205-host-ipc-namespace.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[9].text, sourcePath: files[9].path)),
        RuleDescription(
            code: "ECS206",
            name: "dangerous-capability",
            severity: .error,
            summary: "A container adds a kernel capability that lets it take over the host.",
            rationale: "`linuxParameters.capabilities.add` grants kernel capabilities on top of Docker\'s default set.\nSome of them are container escapes in all but name: `SYS_ADMIN` (mounts, namespaces),\n`SYS_MODULE` (kernel modules), `SYS_RAWIO`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`,\n`PERFMON` and `ALL`. `SYS_PTRACE` is reported as a warning: debuggers and some APM agents need\nit, and it is the only capability Fargate allows, but it lets a process read and change\nother processes\' memory. Names are compared without case and with or without the `CAP_`\nprefix. The list is data in `rules/data/linux-capabilities.yaml`; a name ECS does not document\nis ECS005\'s finding.\n",
            remediation: "Remove the capability, or replace it with the narrow one the application needs (for example\n`NET_BIND_SERVICE` instead of `NET_ADMIN` to listen on a low port). Keep `SYS_PTRACE` to task\ndefinitions used for debugging, and suppress the warning there with the reason.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html", "https://man7.org/linux/man-pages/man7/capabilities.7.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DangerousCapabilityRule",
            data: "linux-capabilities",
            tags: ["security", "hardening"],
            securitySeverity: 7.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS206-dangerous-capability.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[10].text, sourcePath: files[10].path)),
        RuleDescription(
            code: "ECS207",
            name: "capabilities-not-dropped",
            severity: nil,
            summary: "A container keeps Docker\'s default kernel capabilities instead of dropping ALL.",
            rationale: "Docker starts containers with a default set of kernel capabilities (CHOWN, DAC_OVERRIDE,\nNET_RAW, SETUID, …) that most applications never use; NET_RAW alone allows packet spoofing on\nthe task\'s network. `drop: [ALL]` and adding back only what is needed is the least-privilege\nbaseline that Kubernetes\' restricted Pod Security Standard requires. The rule is off by default\nbecause most images have not been tested without capabilities; enable it with\n`select: [ECS207]`. It checks Linux tasks only (Windows has no `linuxParameters`).\n",
            remediation: "Add `linuxParameters: {capabilities: {drop: [ALL]}}` and, if the application needs one, add it\nback with `add` (for example `NET_BIND_SERVICE` to listen below port 1024).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html", "https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 3.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS207-capabilities-not-dropped.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[11].text, sourcePath: files[11].path)),
        RuleDescription(
            code: "ECS208",
            name: "unconfined-security-profile",
            severity: .error,
            summary: "A container turns off seccomp, AppArmor or SELinux confinement.",
            rationale: "Docker confines every container with a seccomp profile (blocking about 40 dangerous system\ncalls) and, where the host has them, AppArmor or SELinux. `dockerSecurityOptions` entries\n`seccomp:unconfined`, `apparmor:unconfined` and `label:disable` remove that layer, so a kernel\nexploit or a container escape needs one step fewer. Docker also accepts `=` for `:`; both are\nrecognised, in any case.\n",
            remediation: "Remove the option. If the application needs a system call the default profile blocks, use a\ncustom seccomp profile that allows just that call.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.docker.com/engine/security/seccomp/"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS208-unconfined-security-profile.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[12].text, sourcePath: files[12].path)),
        RuleDescription(
            code: "ECS209",
            name: "sensitive-host-mount",
            severity: .error,
            summary: "A container gets host devices or mounts a sensitive host path such as the Docker socket.",
            rationale: "A bind mount of the Docker socket (`/var/run/docker.sock`) hands the container the Docker\ndaemon, which is root on the instance: it can start a privileged container and escape.\nMounting `/`, `/etc`, `/root`, `/proc`, `/sys` or `/var/lib/docker` (or anything below them,\nexcept that `/` means only itself) exposes the host\'s credentials, configuration and other\ncontainers\' files; `linuxParameters.devices` maps host devices straight in. A read-only mount\ndoes not make the Docker socket safe. The rule reports the mount point of each container that\nmounts such a volume; the paths are data in `rules/data/sensitive-host-paths.yaml`.\n",
            remediation: "Remove the volume or the devices. A container that must talk to Docker (a CI runner) belongs on\na dedicated instance, and the suppression should say so. Accelerators (Inferentia `/dev/neuron*`,\nXilinx `/dev/xclmgmt*`) do need their devices: suppress the finding on those task definitions\nwith that reason.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SensitiveHostMountRule",
            data: "sensitive-host-paths",
            tags: ["security", "hardening"],
            securitySeverity: 8.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS209-sensitive-host-mount.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[13].text, sourcePath: files[13].path)),
        RuleDescription(
            code: "ECS210",
            name: "unsafe-sysctl",
            severity: .warning,
            summary: "A container sets a kernel parameter that is not namespaced, or a network one on the host network.",
            rationale: "ECS passes `systemControls` to Docker as `--sysctl`. Only namespaced kernel parameters are\nisolated to the container: the IPC set (`kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`,\n`kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`, `kernel.shm_rmid_forced`,\n`fs.mqueue.*`) and the network set (`net.*`). Anything else changes the whole instance, for\nevery task on it, or fails. With `networkMode: host` the container shares the instance\'s\nnetwork namespace, so a `net.*` parameter changes the instance\'s networking too.\n",
            remediation: "Remove parameters outside the namespaced sets and tune the instance (its user data or AMI)\ninstead. With host networking, set `net.*` parameters on the instance or switch to `awsvpc`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SystemControl.html", "https://docs.docker.com/reference/cli/docker/container/run/#sysctl"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 5.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS210-unsafe-sysctl.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[14].text, sourcePath: files[14].path)),
        RuleDescription(
            code: "ECS211",
            name: "interactive-terminal",
            severity: .info,
            summary: "A container asks for an interactive shell or a pseudo-terminal.",
            rationale: "`interactive: true` keeps stdin open and `pseudoTerminal: true` allocates a TTY, as\n`docker run -it` does. A service container needs neither; they are usually left over from\ndebugging, and a TTY changes how some programs buffer and log their output. Use ECS Exec for\ninteractive access to a running task instead.\n",
            remediation: "Remove `interactive` and `pseudoTerminal`; use ECS Exec (`aws ecs execute-command`) to get a\nshell in a running container.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["hardening"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS211-interactive-terminal.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[15].text, sourcePath: files[15].path)),
        RuleDescription(
            code: "ECS212",
            name: "init-process-disabled",
            severity: nil,
            summary: "A container runs without an init process to reap zombies and forward signals.",
            rationale: "Without `linuxParameters.initProcessEnabled: true` the application is PID 1: it must reap the\nchild processes it starts and handle SIGTERM itself, or zombies pile up and `docker stop` waits\nfor the kill timeout. ECS Exec sessions leave SSM agent processes behind that only an init\nprocess reaps, which is why AWS recommends it with ECS Exec. Off by default; enable it with\n`select: [ECS212]`. Linux tasks only.\n",
            remediation: "Set `linuxParameters: {initProcessEnabled: true}` (Docker\'s `--init`), or run an init such as\ntini as the image\'s entrypoint.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["hardening", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS212-init-process-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[16].text, sourcePath: files[16].path)),
        RuleDescription(
            code: "ECS213",
            name: "invalid-ulimit",
            severity: .error,
            summary: "A ulimit\'s soft limit is above its hard limit, or a ulimit is set twice.",
            rationale: "A process may raise its soft limit only up to the hard limit, so Docker refuses to start a\ncontainer whose `softLimit` is greater than its `hardLimit`: the task fails at launch, not at\nregistration. A ulimit name listed twice leaves the result to whichever entry Docker applies\nlast, which is rarely what the author meant.\n",
            remediation: "Make `softLimit` at most `hardLimit`, and keep one entry per ulimit name.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html", "https://docs.docker.com/reference/cli/docker/container/run/#ulimit"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS213-invalid-ulimit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[17].text, sourcePath: files[17].path)),
        RuleDescription(
            code: "ECS214",
            name: "host-network-root-user",
            severity: .warning,
            summary: "In host network mode, a container runs as root without being declared privileged.",
            rationale: "With `networkMode: host` containers share the instance\'s network stack, and a root process in\none can bind any port and watch the instance\'s traffic. The ECS documentation advises against\nroot in host mode, and the AWS Control Tower / Security Hub control (CT.ECS.PR.8, ECS.1)\nrequires every container of a host-mode task to either be explicitly `privileged` or run as\na non-root `user`. A container without `user` runs as the image\'s user, which is usually root.\nPrivileged containers are ECS201\'s finding.\n",
            remediation: "Set `user` to a non-root user or UID (`\"1000\"`, `\"app:app\"`), or use `awsvpc` networking so\nthe task gets its own network namespace.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 6.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS214-host-network-root-user.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[18].text, sourcePath: files[18].path)),
        RuleDescription(
            code: "ECS301",
            name: "invalid-network-mode",
            severity: .error,
            summary: "networkMode is not an ECS value, or not one the task\'s launch type or OS can use.",
            rationale: "The ECS API accepts exactly `bridge`, `host`, `awsvpc` and `none` (lower case). There is no\n`default` or `nat` value: Windows tasks get the default network by omitting networkMode.\nFargate requires `awsvpc`; Windows supports only `awsvpc` or the default; ECS Anywhere\n(EXTERNAL) does not support `awsvpc`; Managed Instances tasks must set a mode. Each mismatch\nfails at registration or at launch.\n",
            remediation: "Use one of the four lower-case values, and the one the launch type requires: `awsvpc` on\nFargate, `bridge`, `host` or `none` on ECS Anywhere; omit networkMode for the Windows default.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidNetworkModeRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS301-invalid-network-mode.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[25].text, sourcePath: files[25].path)),
        RuleDescription(
            code: "ECS401",
            name: "plaintext-secret-in-environment",
            severity: .error,
            summary: "A container environment variable holds a secret in plain text.",
            rationale: "Environment values are part of the task definition: anyone allowed `ecs:DescribeTaskDefinition`\ncan read them, they appear in the console, in CloudTrail and in every copy of the JSON in git.\nECS injects secrets from Secrets Manager or SSM Parameter Store at container start through\n`secrets` with `valueFrom`, so the value never appears in the definition.\n\necs-lint flags a literal value when the variable\'s name says it is a secret (PASSWORD, SECRET,\nTOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL… as whole words, so TOKENIZER_MODEL is\nfine; names ending in _FILE, _ARN, _NAME, _LENGTH and similar hold something else), or when the\nvalue itself looks like a credential (an AWS access key ID and the secret key next to it, a PEM\nprivate key, GitHub, Slack or Stripe tokens, a JWT, a URL with a password). Empty values,\nunresolved values (parameters, placeholders) and references such as ARNs do not fire;\nCloudFormation dynamic references are ECS408\'s. The patterns are PCRE2 data in\n`rules/data/secret-patterns.yaml`. Findings never print the value.\n",
            remediation: "Store the value in Secrets Manager or SSM Parameter Store and reference it from the container\'s\n`secrets` list (`{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:secretsmanager:…\"}`); the task\nexecution role needs permission to read it. Then rotate the exposed secret.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "PlaintextSecretInEnvironmentRule",
            data: "secret-patterns",
            tags: ["security", "secrets"],
            securitySeverity: 8.0,
            parameters: [RuleParameter(name: "extra-name-patterns", kind: .patternList, description: "More PCRE2 patterns for variable names that hold secrets, matched against the name in\nUPPER_SNAKE form (`stripeApiKey` is tested as `STRIPE_API_KEY`), e.g. `\'^ACME_(PIN|SEED)$\'`.\n")],
            sourcePath: "rules/secrets/ECS401-plaintext-secret-in-environment.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[26].text, sourcePath: files[26].path)),
        RuleDescription(
            code: "IAM001",
            name: "shared-task-and-execution-role",
            severity: .error,
            summary: "The task role and the execution role are the same role.",
            rationale: "The execution role is used by the ECS agent to pull images, write logs and read the task\'s\nsecrets; its credentials are never visible to containers. The task role\'s credentials are\nexposed to every container in the task. Using one role for both hands the application every\nsecret, repository and log stream the agent can reach. AWS recommends separate roles.\n\necs-lint compares what the two fields resolve to, not their text: a role name and its ARN, a\npath-qualified ARN (`role/service/app`), and in CloudFormation `Ref`, `GetAtt … .Arn` and\n`Sub` of the same logical ID (or a literal ARN naming the role\'s `RoleName`).\n",
            remediation: "Create a separate task role with only the permissions the application needs, and keep\n`executionRoleArn` on a role with the ECS task execution policy.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SharedTaskAndExecutionRoleRule",
            data: nil,
            tags: ["security", "iam"],
            securitySeverity: 5.0,
            parameters: [],
            sourcePath: "rules/iam/IAM001-shared-task-and-execution-role.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[19].text, sourcePath: files[19].path)),
    ]
}
