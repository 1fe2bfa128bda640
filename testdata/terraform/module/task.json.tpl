[
  {
    "name": "${name}",
    "image": "${image}",
    "memory": 256,
    "portMappings": [{ "containerPort": ${port}, "hostPort": 9090 }],
    "privileged": true
  }
]
