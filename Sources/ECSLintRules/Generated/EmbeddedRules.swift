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
        ("rules/structure/ECS701-no-essential-container.yaml", ####"""
code: ECS701
name: no-essential-container
severity: error
summary: Every container of the task definition sets essential to false.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  A task runs as long as its essential containers do, and ECS requires at least one: a task
  definition whose containers all set `essential: false` is rejected at registration. `essential`
  defaults to **true** when it is omitted, so the rule fires only when every container says
  `false` explicitly (CloudFormation also accepts the string `"false"`, in any case). cfn-lint's
  E3042 has got this wrong both ways: in 1.51.0 it never fires, not even when every container
  says `Essential: false`, and an earlier version reported templates that omit `Essential`
  (cfn-lint issue 4535). A container whose `essential` comes from a parameter or condition, or a
  container list with an `Fn::If` item, is unknown, and the rule stays silent.
remediation: |
  Make the container the task exists for essential: remove `essential: false` from it (omitted
  means true) or set `essential: true`. Sidecars and init containers can stay non-essential.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://github.com/aws-cloudformation/cfn-lint/issues/4535
check:
  assert:
    not:
      path: "containerDefinitions[*]"
      each:
        all:
          - {path: essential, exists: true}
          - {path: essential, matches: '^false$', flags: i}
  report-at: containerDefinitions
  message: no container is essential (every container sets essential to false); a task needs at least one essential container
examples:
  - description: Two containers, both explicitly not essential
    fires: ["containerDefinitions"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27, essential: false}
        - {name: log-router, image: fluent-bit:3.0, essential: false}
  - description: CloudFormation writes the boolean as a string
    fires: ["containerDefinitions"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Essential: "false"}
              - {Name: init, Image: "busybox:1.36", Essential: "False"}
  - description: essential omitted means true (cfn-lint issue 4535 reported this)
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27}
        - {name: log-router, image: fluent-bit:3.0, essential: false}
  - description: One essential container among sidecars
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: init, image: busybox:1.36, essential: false}
        - {name: web, image: nginx:1.27, essential: true}
  - description: essential from a parameter is unknown
    template: |
      Parameters:
        WebEssential: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Essential: !Ref WebEssential}
              - {Name: init, Image: "busybox:1.36", Essential: false}
  - description: The only essential container may be dropped by a condition, which is unknown
    template: |
      Conditions:
        WithWorker: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: init, Image: "busybox:1.36", Essential: false}
              - !If [WithWorker, {Name: worker, Image: "worker:1.0"}, !Ref "AWS::NoValue"]
"""####),
        ("rules/structure/ECS702-duplicate-container-name.yaml", ####"""
code: ECS702
name: duplicate-container-name
severity: error
summary: Two containers of the task definition have the same name.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: DuplicateContainerNameRule
rationale: |
  A container's `name` is its identity within the task: `dependsOn`, `links`, `volumesFrom`,
  load balancers, Service Connect and FireLens all refer to containers by name, so it must be
  unique, and ECS rejects a task definition that repeats one. cfn-lint does not catch it (its
  `uniqueItems` compares whole container objects). Every repeat is reported at its `name`. A name
  that comes from a parameter is unknown and is nobody's duplicate.
remediation: |
  Give each container its own name, and update whatever referred to the old one.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Two containers named app, and a third one
    fires: ["containerDefinitions[2].name", "containerDefinitions[3].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: app, image: app:1.0}
        - {name: proxy, image: envoy:1.30}
        - {name: app, image: app:1.1}
        - {name: app, image: app:1.2}
  - description: Names that differ only in case are different names
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: app, image: app:1.0}
        - {name: App, image: app:1.0}
  - description: A name from a parameter is not a duplicate of anything
    template: |
      Parameters:
        ContainerName: {Type: String, Default: app}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref ContainerName, Image: "app:1.0"}
              - {Name: app, Image: "app:1.0"}
"""####),
        ("rules/structure/ECS703-invalid-name.yaml", ####"""
code: ECS703
name: invalid-name
severity: error
summary: A task family, container, volume or service name has characters ECS does not allow, or is too long.
scope: [taskDefinition, service]
tags: [structure, correctness]
fix: none
implementation: InvalidNameRule
rationale: |
  ECS names — the task definition `family`, container `name`, volume `name` and a service's
  `serviceName` — may only hold 1 to 255 letters, digits, hyphens and underscores
  (`^[A-Za-z0-9_-]{1,255}$`). A dot, a space, a slash or a colon is a common slip (`my.app`,
  `web:latest`) and fails registration or service creation. Every invalid name is reported, with
  what it names. A name from a parameter is unknown and not checked.
remediation: |
  Replace the other characters with `-` or `_`, and shorten names over 255 characters. A
  container or volume name is also the key other fields refer to: rename those references too.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
examples:
  - description: A dot in the family, a colon in a container name and a space in a volume name
    fires: ["family", "containerDefinitions[1].name", "volumes[0].name"]
    taskDefinition:
      family: my.app
      containerDefinitions:
        - {name: web, image: nginx:1.27, mountPoints: [{sourceVolume: "static files", containerPath: /srv}]}
        - {name: "log:router", image: fluent-bit:3.0}
      volumes:
        - name: static files
  - description: A service name with a slash
    fires: ["serviceName"]
    service:
      serviceName: team/web
      cluster: production
      taskDefinition: web:3
  - description: Letters, digits, hyphens and underscores
    taskDefinition:
      family: My_App-2
      containerDefinitions:
        - {name: web_1, image: nginx:1.27, mountPoints: [{sourceVolume: STATIC-files, containerPath: /srv}]}
      volumes:
        - name: STATIC-files
  - description: A family built from a parameter is unknown
    template: |
      Parameters:
        Environment: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: !Sub "web.${Environment}"
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/structure/ECS704-too-many-containers.yaml", ####"""
code: ECS704
name: too-many-containers
severity: error
summary: The task definition has more than 10 containers.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  ECS allows at most 10 container definitions in a task definition, and the quota cannot be
  raised: registration fails with more. A container list item that a CloudFormation condition
  may remove (`Fn::If` with `AWS::NoValue`) counts as possibly absent, so the rule fires only
  when the containers that are certainly there are more than 10.
remediation: |
  Split the task: containers that do not need to share the task's lifecycle, network namespace
  or volumes belong in a task definition (and service) of their own. Several processes of one
  application can also share one container.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
check:
  assert: {path: containerDefinitions, count: {max: 10}}
  message: the task definition has {value} containers; ECS allows at most 10
examples:
  - description: Eleven containers
    fires: ["containerDefinitions"]
    taskDefinition:
      family: platform
      containerDefinitions:
        - {name: c1, image: app:1.0}
        - {name: c2, image: app:1.0}
        - {name: c3, image: app:1.0}
        - {name: c4, image: app:1.0}
        - {name: c5, image: app:1.0}
        - {name: c6, image: app:1.0}
        - {name: c7, image: app:1.0}
        - {name: c8, image: app:1.0}
        - {name: c9, image: app:1.0}
        - {name: c10, image: app:1.0}
        - {name: c11, image: app:1.0}
  - description: Exactly ten containers
    taskDefinition:
      family: platform
      containerDefinitions:
        - {name: c1, image: app:1.0}
        - {name: c2, image: app:1.0}
        - {name: c3, image: app:1.0}
        - {name: c4, image: app:1.0}
        - {name: c5, image: app:1.0}
        - {name: c6, image: app:1.0}
        - {name: c7, image: app:1.0}
        - {name: c8, image: app:1.0}
        - {name: c9, image: app:1.0}
        - {name: c10, image: app:1.0}
  - description: Eleven items, one of which a condition may remove
    template: |
      Conditions:
        WithDebug: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: c1, Image: "app:1.0"}
              - {Name: c2, Image: "app:1.0"}
              - {Name: c3, Image: "app:1.0"}
              - {Name: c4, Image: "app:1.0"}
              - {Name: c5, Image: "app:1.0"}
              - {Name: c6, Image: "app:1.0"}
              - {Name: c7, Image: "app:1.0"}
              - {Name: c8, Image: "app:1.0"}
              - {Name: c9, Image: "app:1.0"}
              - {Name: c10, Image: "app:1.0"}
              - !If [WithDebug, {Name: debug, Image: "debug:1.0"}, !Ref "AWS::NoValue"]
"""####),
        ("rules/structure/ECS705-unresolved-container-reference.yaml", ####"""
code: ECS705
name: unresolved-container-reference
severity: error
summary: A dependsOn, links, volumesFrom or proxyConfiguration entry names no container of the task, or the container itself.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: UnresolvedContainerReferenceRule
rationale: |
  Containers refer to each other by name: `dependsOn[].containerName` (start order),
  `links[]` (`name` or `name:alias`, bridge mode), `volumesFrom[].sourceContainer` and the task's
  `proxyConfiguration.containerName` (the App Mesh proxy). Each must name another container of
  the same task definition; a typo or a renamed container makes ECS reject the task definition,
  and a container cannot wait for, link to or take volumes from itself. cfn-lint checks none of
  these. A reference is checked against the names only when every container name is known: with
  a name from a parameter the reference may be right. A reference to the container itself is
  reported in any case.
remediation: |
  Name a container that exists in the task definition (names are case-sensitive), or remove the
  entry.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ProxyConfiguration.html
examples:
  - description: A dependency on a container that is not there, and a link to a misspelt one
    fires: ["containerDefinitions[0].dependsOn[0].containerName", "containerDefinitions[0].links[0]"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: migrate, condition: SUCCESS}]
          links: ["apps:backend"]
        - {name: app, image: app:1.0}
  - description: volumesFrom itself, and an App Mesh proxy that is not in the task
    fires: ["containerDefinitions[0].volumesFrom[0].sourceContainer", "proxyConfiguration.containerName"]
    taskDefinition:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - name: app
          image: app:1.0
          volumesFrom: [{sourceContainer: app}]
      proxyConfiguration:
        type: APPMESH
        containerName: envoy
        properties:
          - {name: AppPorts, value: "8080"}
  - description: A container cannot wait for itself, even when other names are unknown
    fires: ["containerDefinitions[1].dependsOn[0].containerName"]
    template: |
      Parameters:
        SidecarName: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref SidecarName, Image: "sidecar:1.0"}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: app, Condition: START}, {ContainerName: log-router, Condition: START}]
  - description: Every reference resolves, links with and without an alias
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: app, condition: HEALTHY}]
          links: ["app:backend", "cache"]
          volumesFrom: [{sourceContainer: app, readOnly: true}]
        - name: app
          image: app:1.0
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"]}
        - {name: cache, image: redis:7}
  - description: The target may be the container whose name is a parameter
    template: |
      Parameters:
        SidecarName: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref SidecarName, Image: "sidecar:1.0"}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: log-router, Condition: START}]
"""####),
        ("rules/structure/ECS706-dependency-cycle.yaml", ####"""
code: ECS706
name: dependency-cycle
severity: error
summary: Containers wait for each other in a dependsOn cycle.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: DependencyCycleRule
rationale: |
  `dependsOn` orders container start-up (and shutdown): a container starts only once the
  containers it depends on have reached their condition. When the dependencies form a cycle
  (`app` waits for `proxy`, which waits for `app`), none of the containers in it can start. The
  message prints the cycle; each cycle is reported once, at the `dependsOn` entry of its
  container that comes first in `containerDefinitions`, and at most 20 cycles per task
  definition. A container that depends on itself is ECS705's finding. Names from parameters add
  no edges, so every reported cycle is certain.
remediation: |
  Break the cycle: decide which container must be up first and remove the `dependsOn` entry that
  points the other way. Containers that only need to run side by side do not need `dependsOn`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_dependson
examples:
  - description: Two containers that wait for each other
    fires: ["containerDefinitions[0].dependsOn[0].containerName"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: app
          image: app:1.0
          dependsOn: [{containerName: proxy, condition: HEALTHY}]
        - name: proxy
          image: envoy:1.30
          dependsOn: [{containerName: app, condition: START}]
  - description: Two cycles through the same container, each reported once
    fires: ["containerDefinitions[0].dependsOn[0].containerName", "containerDefinitions[0].dependsOn[1].containerName"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: a
          image: app:1.0
          dependsOn: [{containerName: b, condition: START}, {containerName: c, condition: START}]
        - name: b
          image: app:1.0
          dependsOn: [{containerName: a, condition: START}]
        - name: c
          image: app:1.0
          dependsOn: [{containerName: a, condition: START}]
  - description: A chain and a diamond without cycles
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: app, condition: HEALTHY}, {containerName: log-router, condition: START}]
        - name: app
          image: app:1.0
          healthCheck: {command: [CMD, /healthz]}
          dependsOn: [{containerName: log-router, condition: START}]
        - {name: log-router, image: fluent-bit:3.0}
  - description: A dependency on a name from a parameter adds no edge
    template: |
      Parameters:
        Target: {Type: String, Default: app}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: proxy, Condition: START}]
              - Name: proxy
                Image: "envoy:1.30"
                DependsOn: [{ContainerName: !Ref Target, Condition: START}]
"""####),
        ("rules/structure/ECS707-unresolved-volume-reference.yaml", ####"""
code: ECS707
name: unresolved-volume-reference
severity: error
summary: A mount point names a volume the task does not declare, or a volume is never mounted (info).
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: UnresolvedVolumeReferenceRule
rationale: |
  A container mounts a task volume by name: `mountPoints[].sourceVolume` must be the `name` of
  an entry in the task's `volumes`, or ECS rejects the task definition. cfn-lint does not check
  it. The reverse is no error but usually a leftover: a volume that no container mounts does
  nothing, and a host or EFS volume that was meant to be mounted leaves the container writing to
  its own filesystem; the rule reports it at **info**, below its configured severity. Volume
  names from parameters make the first check unknown, `sourceVolume` values from parameters the
  second.
remediation: |
  Declare the volume under `volumes` (or fix the `sourceVolume` spelling; names are
  case-sensitive). Remove volumes no container mounts, or add the `mountPoints` entry that was
  meant to use them.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html
examples:
  - description: A mount of an undeclared volume (error) next to a declared volume nobody mounts (info)
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume", "volumes[0].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: static, containerPath: /usr/share/nginx/html}]
      volumes:
        - name: Static
  - description: A mount in a task definition without volumes
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: scratch, containerPath: /tmp}]
  - description: Every volume mounted, one of them by two containers
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: static, containerPath: /usr/share/nginx/html, readOnly: true}]
        - name: sync
          image: sync:1.0
          mountPoints: [{sourceVolume: static, containerPath: /data}, {sourceVolume: efs, containerPath: /shared}]
      volumes:
        - name: static
        - name: efs
          efsVolumeConfiguration: {fileSystemId: fs-12345678, transitEncryption: ENABLED}
  - description: Names from parameters leave both directions unknown
    template: |
      Parameters:
        VolumeName: {Type: String}
        MountedVolume: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                MountPoints:
                  - {SourceVolume: static, ContainerPath: /srv}
                  - {SourceVolume: !Ref MountedVolume, ContainerPath: /data}
            Volumes:
              - Name: !Ref VolumeName
              - Name: cache
"""####),
        ("rules/structure/ECS708-essential-container-awaited.yaml", ####"""
code: ECS708
name: essential-container-awaited
severity: error
summary: A container waits for an essential container to complete or succeed.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: EssentialContainerAwaitedRule
rationale: |
  The `dependsOn` conditions `COMPLETE` and `SUCCESS` wait for the target container to exit.
  An essential container that exits stops the whole task, so ECS does not allow these
  conditions on an essential container and rejects the task definition. `essential` omitted
  means **true**, which is how this usually happens: an init or migration container written
  without `essential: false`. A target whose `essential` comes from a parameter is unknown.
remediation: |
  Set `essential: false` on the container that runs to completion (an init, migration or
  setup container). If the dependent container only needs it running, use `START` or `HEALTHY`
  instead.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
examples:
  - description: Waiting for a migration container that is essential by default
    fires: ["containerDefinitions[1].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: migrate, image: app:1.0, command: [migrate]}
        - name: app
          image: app:1.0
          dependsOn: [{containerName: migrate, condition: SUCCESS}]
  - description: COMPLETE on a container that says essential true
    fires: ["containerDefinitions[0].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: app
          image: app:1.0
          dependsOn: [{containerName: init, condition: COMPLETE}]
        - {name: init, image: busybox:1.36, essential: true}
  - description: An init container marked not essential, and START on an essential one
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: init, image: busybox:1.36, essential: false}
        - {name: log-router, image: fluent-bit:3.0}
        - name: app
          image: app:1.0
          dependsOn:
            - {containerName: init, condition: SUCCESS}
            - {containerName: log-router, condition: START}
  - description: essential from a parameter is unknown
    template: |
      Parameters:
        InitEssential: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: init, Image: "busybox:1.36", Essential: !Ref InitEssential}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: init, Condition: COMPLETE}]
"""####),
        ("rules/structure/ECS709-invalid-timeout.yaml", ####"""
code: ECS709
name: invalid-timeout
severity: error
summary: A container's start or stop timeout, restart attempt period or ignored exit codes are out of range.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  ECS rejects container settings outside their documented ranges at registration:
  `startTimeout` and `stopTimeout` must be 2–120 seconds on Fargate (on EC2 the agent's own
  settings apply), `restartPolicy.restartAttemptPeriod` must be 60–1800 seconds, and
  `restartPolicy.ignoredExitCodes` may list at most 50 codes. A value from a parameter is unknown
  and not checked.
remediation: |
  Bring the value into its range. A container that needs longer than 120 seconds to stop
  gracefully on Fargate must shut down faster (handle `SIGTERM`); one that needs longer to start
  should become healthy through a `healthCheck` with a `startPeriod` instead of a long
  `startTimeout` on the containers that wait for it.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerRestartPolicy.html
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - any:
          - {path: startTimeout, range: {min: 2, max: 120}}
          - {path: startTimeout, absent: true}
          - not: {path: "@on-fargate", equals: true}
        message: container {name} sets startTimeout to {value}; on Fargate it must be 2–120 seconds
      - any:
          - {path: stopTimeout, range: {min: 2, max: 120}}
          - {path: stopTimeout, absent: true}
          - not: {path: "@on-fargate", equals: true}
        message: container {name} sets stopTimeout to {value}; on Fargate it must be 2–120 seconds
      - path: restartPolicy.restartAttemptPeriod
        range: {min: 60, max: 1800}
        message: container {name} sets restartPolicy.restartAttemptPeriod to {value}; it must be 60–1800 seconds
      - path: restartPolicy.ignoredExitCodes
        count: {max: 50}
        message: container {name} lists {value} restartPolicy.ignoredExitCodes; at most 50 are allowed
examples:
  - description: A Fargate container that asks for five minutes to stop
    fires: ["containerDefinitions[0].stopTimeout"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: nginx:1.27, stopTimeout: 300}
  - description: A start timeout below 2 seconds, on a task a Fargate service runs
    fires: ["containerDefinitions[0].startTimeout"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 256
            Memory: 512
            NetworkMode: awsvpc
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", StartTimeout: 1}
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref TaskDefinition
  - description: Restart attempt period too short, and too many ignored exit codes
    fires: ["containerDefinitions[0].restartPolicy.restartAttemptPeriod", "containerDefinitions[1].restartPolicy.ignoredExitCodes"]
    taskDefinition:
      family: worker
      containerDefinitions:
        - name: worker
          image: worker:1.0
          restartPolicy: {enabled: true, restartAttemptPeriod: 30}
        - name: batch
          image: batch:1.0
          essential: false
          restartPolicy:
            enabled: true
            ignoredExitCodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                               27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]
  - description: The bounds themselves are valid, on Fargate
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          startTimeout: 2
          stopTimeout: 120
          restartPolicy: {enabled: true, restartAttemptPeriod: 60}
        - name: sidecar
          image: envoy:1.30
          startTimeout: 120
          stopTimeout: 2
          restartPolicy: {enabled: true, restartAttemptPeriod: 1800}
  - description: A long stop timeout on EC2, where Fargate's range does not apply
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - {name: web, image: nginx:1.27, stopTimeout: 600}
  - description: A stop timeout from a parameter is unknown
    template: |
      Parameters:
        StopTimeout: {Type: Number}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            Cpu: 256
            Memory: 512
            NetworkMode: awsvpc
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", StopTimeout: !Ref StopTimeout}
"""####),
        ("rules/structure/ECS710-task-definition-too-large.yaml", ####"""
code: ECS710
name: task-definition-too-large
severity: error
summary: The task definition is larger than the 64 KiB ECS allows.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: TaskDefinitionTooLargeRule
parameters:
  - name: max-bytes
    type: integer
    description: |
      The limit in bytes (default 65536, the ECS quota). Set it lower to hear about task
      definitions before they reach the quota.
rationale: |
  ECS limits a task definition to 64 KiB (65,536 bytes), and the quota cannot be raised:
  `RegisterTaskDefinition` fails above it. Task definitions get there through long inline
  scripts in `command` or `entryPoint`, configuration files pasted into environment variables,
  or hundreds of environment variables. The rule measures the task definition the way ECS
  receives it: as ECS JSON without whitespace, in UTF-8 bytes, whatever the input format (a
  CloudFormation template is measured in its converted, camelCase form). In CloudFormation a value
  resolved only at deploy time (`Ref`, `Fn::Sub`, `Fn::If`, a `{{resolve:…}}` dynamic reference)
  counts as an empty string, the least it can add, so the rule reports a template only when it is
  too large whatever its parameters turn out to be; the same holds for placeholders such as
  `<IMAGE1_NAME>`. The finding is on the task definition as a whole.
remediation: |
  Move bulk out of the task definition: configuration into S3 `environmentFiles`, SSM parameters
  or Secrets Manager (`secrets`), scripts into the image. Containers that need not share a task can
  move to a task definition of their own.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html
examples:
  - description: Over a lowered limit of 200 bytes
    config: |
      rules:
        ECS710: {max-bytes: 200}
    fires: [""]
    taskDefinition:
      family: batch
      containerDefinitions:
        - name: job
          image: batch:1.0
          command: [sh, -c, "echo preparing && ./prepare --all && ./run --input s3://bucket/input --output s3://bucket/output && echo done"]
  - description: Under the lowered limit once deploy-time values count as empty
    config: |
      rules:
        ECS710: {max-bytes: 200}
    template: |
      Parameters:
        Script: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: batch
            ContainerDefinitions:
              - Name: job
                Image: "batch:1.0"
                Command: [sh, -c, !Sub "echo preparing && ./prepare --all && ./run --input s3://bucket/${Script} --output s3://bucket/output"]
  - description: An ordinary task definition, at the default limit
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27, portMappings: [{containerPort: 80}]}
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
            examples: RuleExamples(parsingLazilyFrom: files[19].text, sourcePath: files[19].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[20].text, sourcePath: files[20].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[22].text, sourcePath: files[22].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[23].text, sourcePath: files[23].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[26].text, sourcePath: files[26].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[21].text, sourcePath: files[21].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[27].text, sourcePath: files[27].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[28].text, sourcePath: files[28].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[4].text, sourcePath: files[4].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[5].text, sourcePath: files[5].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[6].text, sourcePath: files[6].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[7].text, sourcePath: files[7].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[8].text, sourcePath: files[8].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[9].text, sourcePath: files[9].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[10].text, sourcePath: files[10].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[11].text, sourcePath: files[11].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[12].text, sourcePath: files[12].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[13].text, sourcePath: files[13].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[14].text, sourcePath: files[14].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[15].text, sourcePath: files[15].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[16].text, sourcePath: files[16].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[17].text, sourcePath: files[17].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[24].text, sourcePath: files[24].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[25].text, sourcePath: files[25].path)),
        RuleDescription(
            code: "ECS701",
            name: "no-essential-container",
            severity: .error,
            summary: "Every container of the task definition sets essential to false.",
            rationale: "A task runs as long as its essential containers do, and ECS requires at least one: a task\ndefinition whose containers all set `essential: false` is rejected at registration. `essential`\ndefaults to **true** when it is omitted, so the rule fires only when every container says\n`false` explicitly (CloudFormation also accepts the string `\"false\"`, in any case). cfn-lint\'s\nE3042 has got this wrong both ways: in 1.51.0 it never fires, not even when every container\nsays `Essential: false`, and an earlier version reported templates that omit `Essential`\n(cfn-lint issue 4535). A container whose `essential` comes from a parameter or condition, or a\ncontainer list with an `Fn::If` item, is unknown, and the rule stays silent.\n",
            remediation: "Make the container the task exists for essential: remove `essential: false` from it (omitted\nmeans true) or set `essential: true`. Sidecars and init containers can stay non-essential.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://github.com/aws-cloudformation/cfn-lint/issues/4535"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS701-no-essential-container.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[29].text, sourcePath: files[29].path)),
        RuleDescription(
            code: "ECS702",
            name: "duplicate-container-name",
            severity: .error,
            summary: "Two containers of the task definition have the same name.",
            rationale: "A container\'s `name` is its identity within the task: `dependsOn`, `links`, `volumesFrom`,\nload balancers, Service Connect and FireLens all refer to containers by name, so it must be\nunique, and ECS rejects a task definition that repeats one. cfn-lint does not catch it (its\n`uniqueItems` compares whole container objects). Every repeat is reported at its `name`. A name\nthat comes from a parameter is unknown and is nobody\'s duplicate.\n",
            remediation: "Give each container its own name, and update whatever referred to the old one.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DuplicateContainerNameRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS702-duplicate-container-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[30].text, sourcePath: files[30].path)),
        RuleDescription(
            code: "ECS703",
            name: "invalid-name",
            severity: .error,
            summary: "A task family, container, volume or service name has characters ECS does not allow, or is too long.",
            rationale: "ECS names — the task definition `family`, container `name`, volume `name` and a service\'s\n`serviceName` — may only hold 1 to 255 letters, digits, hyphens and underscores\n(`^[A-Za-z0-9_-]{1,255}$`). A dot, a space, a slash or a colon is a common slip (`my.app`,\n`web:latest`) and fails registration or service creation. Every invalid name is reported, with\nwhat it names. A name from a parameter is unknown and not checked.\n",
            remediation: "Replace the other characters with `-` or `_`, and shorten names over 255 characters. A\ncontainer or volume name is also the key other fields refer to: rename those references too.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.taskDefinition, .service],
            fix: .none,
            implementation: "InvalidNameRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS703-invalid-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[31].text, sourcePath: files[31].path)),
        RuleDescription(
            code: "ECS704",
            name: "too-many-containers",
            severity: .error,
            summary: "The task definition has more than 10 containers.",
            rationale: "ECS allows at most 10 container definitions in a task definition, and the quota cannot be\nraised: registration fails with more. A container list item that a CloudFormation condition\nmay remove (`Fn::If` with `AWS::NoValue`) counts as possibly absent, so the rule fires only\nwhen the containers that are certainly there are more than 10.\n",
            remediation: "Split the task: containers that do not need to share the task\'s lifecycle, network namespace\nor volumes belong in a task definition (and service) of their own. Several processes of one\napplication can also share one container.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS704-too-many-containers.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[32].text, sourcePath: files[32].path)),
        RuleDescription(
            code: "ECS705",
            name: "unresolved-container-reference",
            severity: .error,
            summary: "A dependsOn, links, volumesFrom or proxyConfiguration entry names no container of the task, or the container itself.",
            rationale: "Containers refer to each other by name: `dependsOn[].containerName` (start order),\n`links[]` (`name` or `name:alias`, bridge mode), `volumesFrom[].sourceContainer` and the task\'s\n`proxyConfiguration.containerName` (the App Mesh proxy). Each must name another container of\nthe same task definition; a typo or a renamed container makes ECS reject the task definition,\nand a container cannot wait for, link to or take volumes from itself. cfn-lint checks none of\nthese. A reference is checked against the names only when every container name is known: with\na name from a parameter the reference may be right. A reference to the container itself is\nreported in any case.\n",
            remediation: "Name a container that exists in the task definition (names are case-sensitive), or remove the\nentry.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ProxyConfiguration.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnresolvedContainerReferenceRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS705-unresolved-container-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[33].text, sourcePath: files[33].path)),
        RuleDescription(
            code: "ECS706",
            name: "dependency-cycle",
            severity: .error,
            summary: "Containers wait for each other in a dependsOn cycle.",
            rationale: "`dependsOn` orders container start-up (and shutdown): a container starts only once the\ncontainers it depends on have reached their condition. When the dependencies form a cycle\n(`app` waits for `proxy`, which waits for `app`), none of the containers in it can start. The\nmessage prints the cycle; each cycle is reported once, at the `dependsOn` entry of its\ncontainer that comes first in `containerDefinitions`, and at most 20 cycles per task\ndefinition. A container that depends on itself is ECS705\'s finding. Names from parameters add\nno edges, so every reported cycle is certain.\n",
            remediation: "Break the cycle: decide which container must be up first and remove the `dependsOn` entry that\npoints the other way. Containers that only need to run side by side do not need `dependsOn`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_dependson"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DependencyCycleRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS706-dependency-cycle.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[34].text, sourcePath: files[34].path)),
        RuleDescription(
            code: "ECS707",
            name: "unresolved-volume-reference",
            severity: .error,
            summary: "A mount point names a volume the task does not declare, or a volume is never mounted (info).",
            rationale: "A container mounts a task volume by name: `mountPoints[].sourceVolume` must be the `name` of\nan entry in the task\'s `volumes`, or ECS rejects the task definition. cfn-lint does not check\nit. The reverse is no error but usually a leftover: a volume that no container mounts does\nnothing, and a host or EFS volume that was meant to be mounted leaves the container writing to\nits own filesystem; the rule reports it at **info**, below its configured severity. Volume\nnames from parameters make the first check unknown, `sourceVolume` values from parameters the\nsecond.\n",
            remediation: "Declare the volume under `volumes` (or fix the `sourceVolume` spelling; names are\ncase-sensitive). Remove volumes no container mounts, or add the `mountPoints` entry that was\nmeant to use them.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnresolvedVolumeReferenceRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS707-unresolved-volume-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[35].text, sourcePath: files[35].path)),
        RuleDescription(
            code: "ECS708",
            name: "essential-container-awaited",
            severity: .error,
            summary: "A container waits for an essential container to complete or succeed.",
            rationale: "The `dependsOn` conditions `COMPLETE` and `SUCCESS` wait for the target container to exit.\nAn essential container that exits stops the whole task, so ECS does not allow these\nconditions on an essential container and rejects the task definition. `essential` omitted\nmeans **true**, which is how this usually happens: an init or migration container written\nwithout `essential: false`. A target whose `essential` comes from a parameter is unknown.\n",
            remediation: "Set `essential: false` on the container that runs to completion (an init, migration or\nsetup container). If the dependent container only needs it running, use `START` or `HEALTHY`\ninstead.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "EssentialContainerAwaitedRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS708-essential-container-awaited.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[36].text, sourcePath: files[36].path)),
        RuleDescription(
            code: "ECS709",
            name: "invalid-timeout",
            severity: .error,
            summary: "A container\'s start or stop timeout, restart attempt period or ignored exit codes are out of range.",
            rationale: "ECS rejects container settings outside their documented ranges at registration:\n`startTimeout` and `stopTimeout` must be 2–120 seconds on Fargate (on EC2 the agent\'s own\nsettings apply), `restartPolicy.restartAttemptPeriod` must be 60–1800 seconds, and\n`restartPolicy.ignoredExitCodes` may list at most 50 codes. A value from a parameter is unknown\nand not checked.\n",
            remediation: "Bring the value into its range. A container that needs longer than 120 seconds to stop\ngracefully on Fargate must shut down faster (handle `SIGTERM`); one that needs longer to start\nshould become healthy through a `healthCheck` with a `startPeriod` instead of a long\n`startTimeout` on the containers that wait for it.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerRestartPolicy.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS709-invalid-timeout.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[37].text, sourcePath: files[37].path)),
        RuleDescription(
            code: "ECS710",
            name: "task-definition-too-large",
            severity: .error,
            summary: "The task definition is larger than the 64 KiB ECS allows.",
            rationale: "ECS limits a task definition to 64 KiB (65,536 bytes), and the quota cannot be raised:\n`RegisterTaskDefinition` fails above it. Task definitions get there through long inline\nscripts in `command` or `entryPoint`, configuration files pasted into environment variables,\nor hundreds of environment variables. The rule measures the task definition the way ECS\nreceives it: as ECS JSON without whitespace, in UTF-8 bytes, whatever the input format (a\nCloudFormation template is measured in its converted, camelCase form). In CloudFormation a value\nresolved only at deploy time (`Ref`, `Fn::Sub`, `Fn::If`, a `{{resolve:…}}` dynamic reference)\ncounts as an empty string, the least it can add, so the rule reports a template only when it is\ntoo large whatever its parameters turn out to be; the same holds for placeholders such as\n`<IMAGE1_NAME>`. The finding is on the task definition as a whole.\n",
            remediation: "Move bulk out of the task definition: configuration into S3 `environmentFiles`, SSM parameters\nor Secrets Manager (`secrets`), scripts into the image. Containers that need not share a task can\nmove to a task definition of their own.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "TaskDefinitionTooLargeRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [RuleParameter(name: "max-bytes", kind: .integer, description: "The limit in bytes (default 65536, the ECS quota). Set it lower to hear about task\ndefinitions before they reach the quota.\n")],
            sourcePath: "rules/structure/ECS710-task-definition-too-large.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[38].text, sourcePath: files[38].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[18].text, sourcePath: files[18].path)),
    ]
}
