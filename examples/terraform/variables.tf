variable "cpu" {
  default = 512
}

variable "memory" {
  default = 8192
}

variable "registry" {
  default = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
}

variable "subnets" {
  type = list(string)
}
