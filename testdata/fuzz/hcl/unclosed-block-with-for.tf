r "x" {
  a = [for k, v in m : k => v... if v]
  b = {for k, v in m : k => v...}
