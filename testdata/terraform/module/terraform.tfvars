# Terraform reads this file by itself: it wins over the defaults.
image = "registry.example.com/app:3.1"
