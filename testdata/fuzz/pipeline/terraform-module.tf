# A module spread over files: the task definitions read locals, variables, a policy document
# and files, and name the roles and the cluster by reference.

resource "aws_ecs_task_definition" "encoded" {
  family                   = "encoded"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu
  memory                   = local.memory
  execution_role_arn       = aws_iam_role.shared.arn
  task_role_arn            = aws_iam_role.shared.arn
  container_definitions = jsonencode([
    {
      name       = "web"
      image      = "nginx:1.27"
      essential  = true
      privileged = true
      environment = [
        { name = "DB_PASSWORD", value = "correct-horse-battery" },
        { name = "IMAGE_FROM_VARIABLE", value = var.image },
      ]
    }
  ])
}

resource "aws_ecs_task_definition" "heredoc" {
  family = "heredoc"
  container_definitions = <<-JSON
    [
      {
        "name": "worker",
        "image": "${var.image}",
        "cpu": ${var.cpu},
        "user": "${var.user}",
        "essential": true,
        "privileged": true
      }
    ]
  JSON
}

resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  container_definitions = file("${path.module}/containers.json")
}

resource "aws_ecs_task_definition" "from_template" {
  family = "from-template"
  container_definitions = templatefile("${path.module}/task.json.tpl", {
    image = "app:2.0"
    port  = 8080
    name  = var.unset
  })
}

resource "aws_ecs_task_definition" "switched_off" {
  count                 = var.enabled ? 1 : 0
  family                = "switched-off"
  container_definitions = jsonencode([{ name = "x", image = "x:1", privileged = true }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.encoded.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  network_configuration {
    subnets          = var.subnets
    assign_public_ip = true
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}
