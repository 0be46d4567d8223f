#!/bin/sh
# Test certificates for tests/tls, made afresh at every run with openssl
# (Debian's `openssl` package): two CAs, a server certificate per service
# (SAN 127.0.0.1 and localhost, and the service's anju:// URI, also used
# as its client certificate when it calls another service), client
# certificates naming principals, one signed by the other CA and one that
# expired in 2020.
#
#   tests/tls/make_certs.sh DIR
set -eu
dir=$1
cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }

# ca NAME: a self-signed CA certificate NAME.pem and key NAME.key.
ca() {
  quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -keyout "$1.key" -out "$1.pem" -days 2 \
    -subj "/O=Anju test/CN=$1" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
}

# request NAME: a key NAME.key and a signing request NAME.csr.
request() {
  quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -keyout "$1.key" -out "$1.csr" -subj "/O=Anju test/CN=$1"
}

# leaf NAME CA SAN: NAME.pem signed by CA, valid from now for two days.
leaf() {
  request "$1"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "$3" >"$1.ext"
  quiet openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" \
    -CAcreateserial -days 2 -sha256 -extfile "$1.ext" -out "$1.pem"
}

ca ca
ca other-ca
leaf scoring ca "IP:127.0.0.1,DNS:localhost,URI:anju://service/150000/anju-scoring"
leaf submission ca "IP:127.0.0.1,DNS:localhost,URI:anju://service/150000/anju-submission"
leaf admin ca "URI:anju://region_admin/150000/region-admin"
leaf hongshan ca "URI:anju://county_filer/150402/hongshan-filer"
leaf nobody ca "DNS:nobody.example"
leaf stranger other-ca "URI:anju://county_filer/150402/hongshan-filer"

# `openssl x509` cannot back-date; `openssl ca` takes explicit dates.
request expired
cat >ca.cnf <<CNF
[ca]
default_ca = test_ca
[test_ca]
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
default_md = sha256
policy = any
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
subjectAltName = URI:anju://county_filer/150402/hongshan-filer
extendedKeyUsage = clientAuth
CNF
: >index.txt
echo 1000 >serial
quiet openssl ca -batch -notext -config ca.cnf -cert ca.pem -keyfile ca.key \
  -in expired.csr -out expired.pem \
  -startdate 20200101000000Z -enddate 20200102000000Z
