# Sourced by the benchmarks that measure against nginx (mock_vs_nginx.sh, loadgen_vs_wrk.sh): one
# configuration for the peer, so both compare with the same server.
#   write_nginx_conf DIR PORT [MASTER]  writes DIR/nginx.conf: one worker, daemon off, loopback PORT,
#     access log off, `return 200 "ok"` on every path, keep-alive connections never closed while busy;
#     MASTER on (default) or off (one process, e.g. under valgrind).
write_nginx_conf() {
  local dir=$1 port=$2 master=${3:-on}
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
master_process $master;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;   # as slotrush serve: never close a busy keep-alive connection
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    location / { default_type text/plain; return 200 "ok"; }
  }
}
CONF
}
