#!/usr/bin/env bash
# Makes the secrets compose.yaml reads from deploy/compose/secrets/ (git ignores them): a private CA, InfluxDB's TLS
# certificate for the host names "influxdb" and "localhost" signed by it, a trust store of that CA for plantctl's JVM
# (PKCS#12 without a password: it holds a public certificate only), and random passwords for InfluxDB's admin, the
# read-only Grafana user and Grafana's own admin. Existing files are kept; delete the folder to start afresh.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"
umask 077

password() { [ -s "$1" ] || openssl rand -base64 24 | tr -d '/+=\n' > "$1"; }
password influxdb-admin.password
password influxdb-grafana.password
password grafana-admin.password

if [ ! -s ca.crt ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -keyout ca.key -out ca.crt \
    -subj "/CN=plantctl compose CA" -addext "basicConstraints=critical,CA:true" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi
if [ ! -s influxdb.crt ]; then
  openssl req -newkey rsa:3072 -sha256 -nodes -keyout influxdb.key -out influxdb.csr -subj "/CN=influxdb" 2>/dev/null
  openssl x509 -req -in influxdb.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 -out influxdb.crt \
    -extfile <(printf 'subjectAltName=DNS:influxdb,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') \
    2>/dev/null
  rm -f influxdb.csr ca.srl
fi
if [ ! -s truststore.p12 ]; then
  keytool -J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE \
    -importcert -noprompt -storetype PKCS12 -keystore truststore.p12 -alias plantctl-compose-ca -file ca.crt \
    -storepass changeit >/dev/null
fi
# the containers read these as other users than the one who made them; the folder itself stays private
chmod 644 ./*.crt truststore.p12
chmod 644 ./*.password influxdb.key
echo "secrets in $dir"
