# A Fargate service in Terraform, with deliberate mistakes for ecs-lint to find.

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.api.arn
  task_role_arn            = aws_iam_role.api.arn

  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "${var.registry}/api:1.4.2"
      essential = true
      portMappings = [{ containerPort = 8080 }]
      environment = [
        { name = "DB_PASSWORD", value = "s3cr3t-passw0rd" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/api"
          awslogs-region        = "eu-west-1"
          awslogs-stream-prefix = "api"
        }
      }
    }
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  execution_role_arn    = aws_iam_role.api.arn
  container_definitions = file("${path.module}/worker-containers.json")
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "production"
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 2

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnets
    assign_public_ip = true
  }
}
