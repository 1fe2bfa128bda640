# The four checks users asked for first, and policy documents, in each way Terraform writes
# JSON: a heredoc, a file read with file(), jsonencode.

resource "aws_ecs_task_definition" "heredoc" {
  family                = "heredoc"
  container_definitions = <<-EOF
    [
      {
        "name": "web",
        "image": "nginx:1.27",
        "memory": 256,
        "environment": [{"name": "DB_PASSWORD", "value": "correct-horse-battery"}]
      }
    ]
  EOF
}

resource "aws_ecs_task_definition" "from_file" {
  family                = "from-file"
  container_definitions = file("${path.module}/containers.json")
}

resource "aws_ecs_task_definition" "sizes" {
  family                   = "sizes"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "AWSVPC"
  cpu                      = 256
  memory                   = 4096
  task_role_arn            = "arn:aws:iam::123456789012:role/app"
  execution_role_arn       = "app"
  container_definitions    = jsonencode([{ name = "app", image = "app:1.0", environment = [{ name = "API_TOKEN", value = "tok-123456789" }] }])
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]
}
EOF
}

resource "aws_iam_role_policy" "admin" {
  name   = "admin"
  role   = aws_iam_role.app.id
  policy = file("${path.module}/admin.json")
}
