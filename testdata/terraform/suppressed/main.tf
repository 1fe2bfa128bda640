# ecs-lint: ignore[ECS601] -- the image is pinned by the deployment pipeline
resource "aws_ecs_task_definition" "covered" {
  family = "covered"
  # ecs-lint: ignore[ECS201] -- the node exporter reads host metrics
  container_definitions = file("containers.json")
}

resource "aws_ecs_task_definition" "inline" {
  family = "inline"
  container_definitions = jsonencode([
    {
      name  = "web"
      image = "nginx:latest"
      // ecs-lint: ignore[ECS201] -- needed for the demo
      privileged = true
      user       = "root" # ecs-lint: ignore[ECS202] -- legacy image
    }
  ])
}

resource "aws_ecs_task_definition" "heredoc" {
  family = "heredoc"
  # ecs-lint: ignore[ECS201, ECS204] -- ECS204 does not fire here
  container_definitions = <<EOF
[{"name": "h", "image": "h:1", "privileged": true}]
EOF
}
