#!/bin/sh
# Runs nginx in the foreground for the nginx-https example: one worker serving a small JSON page
# over TLS on 127.0.0.1:PORT with the certificate in CERTS (server.pem, server.key), keep-alive on,
# every request logged to CERTS/nginx-PORT/access.log (the example's test counts them).
# nginx takes its port only from a configuration file, so this writes one and then replaces itself
# with nginx (exec): the process gonogo started is nginx's master, which gonogo samples and stops.
#
# usage: nginx.sh PORT CERTS
set -eu
port=${1:?usage: nginx.sh PORT CERTS}
certs=$(cd "${2:?usage: nginx.sh PORT CERTS}" && pwd)
dir="$certs/nginx-$port"
mkdir -p "$dir"
cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log stderr notice;
events { worker_connections 4096; }
http {
  access_log $dir/access.log;
  keepalive_requests 100000000;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $certs/server.pem;
    ssl_certificate_key $certs/server.key;
    location / {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }
  }
}
CONF
nginx=$(command -v nginx || echo /usr/sbin/nginx)
exec "$nginx" -p "$dir" -c "$dir/nginx.conf" -e stderr
