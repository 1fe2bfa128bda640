variable "cpu" {
  type    = number
  default = 256
}

variable "image" {
  type    = string
  default = "busybox"
}

variable "user" {
  type    = string
  default = "root"
}

variable "enabled" {
  default = false
}

variable "unset" {
  type = string
}

variable "subnets" {
  type = list(string)
}

locals {
  memory = 100
}
