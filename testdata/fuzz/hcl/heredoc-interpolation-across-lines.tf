a = <<-EOT
  x ${var.y
  } z
  EOT
b = "\u00"
