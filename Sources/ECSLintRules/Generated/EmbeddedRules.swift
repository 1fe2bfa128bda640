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
            examples: RuleExamples(parsingLazilyFrom: files[3].text, sourcePath: files[3].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[4].text, sourcePath: files[4].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[6].text, sourcePath: files[6].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[7].text, sourcePath: files[7].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[10].text, sourcePath: files[10].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[5].text, sourcePath: files[5].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[11].text, sourcePath: files[11].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[12].text, sourcePath: files[12].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[8].text, sourcePath: files[8].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[9].text, sourcePath: files[9].path)),
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
            examples: RuleExamples(parsingLazilyFrom: files[2].text, sourcePath: files[2].path)),
    ]
}
