# InfluxDB users of compose.yaml, from Docker secrets. The influxdb:1.8 image sources this file once, on the first
# start with an empty data volume, while its init process serves on 127.0.0.1 without authentication yet: the admin
# (plantctl's demo writes as it, since it creates its database) and a read-only user for Grafana.
admin_password="$(cat /run/secrets/influxdb_admin_password)"
grafana_password="$(cat /run/secrets/influxdb_grafana_password)"
influx -host 127.0.0.1 -port "$INFLUXDB_INIT_PORT" \
  -execute "CREATE USER \"admin\" WITH PASSWORD '$admin_password' WITH ALL PRIVILEGES"
INFLUX_USERNAME=admin INFLUX_PASSWORD="$admin_password" influx -host 127.0.0.1 -port "$INFLUXDB_INIT_PORT" \
  -execute "CREATE USER \"grafana\" WITH PASSWORD '$grafana_password'; GRANT READ ON \"plantctl\" TO \"grafana\""
unset admin_password grafana_password
