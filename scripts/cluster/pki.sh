# Certificates for the local control plane, made with openssl. Sourced by up.sh.

# new_cert NAME SUBJECT [SAN]: a key and a certificate signed by the cluster CA.
new_cert() {
  local name=$1 subject=$2 san=${3:-} dir=$STATE_DIR/pki ext
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr" 2>/dev/null
  ext=$dir/$name.ext
  if [ -n "$san" ]; then
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' >"$ext"
  fi
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

make_pki() {
  local dir=$STATE_DIR/pki
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" -days 30 \
    -subj "/CN=kubex-local-ca" 2>/dev/null
  new_cert apiserver "/CN=kube-apiserver" "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:127.0.0.1"
  new_cert admin "/O=system:masters/CN=kubex-admin"
  new_cert controller-manager "/CN=system:kube-controller-manager"
  new_cert scheduler "/CN=system:kube-scheduler"
  new_cert kwok "/O=system:masters/CN=kwok-controller"
  new_cert kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  new_cert kwok-serving "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
}

# write_kubeconfig FILE USER_YAML: a kubeconfig for the local API server with the given user entry.
write_kubeconfig() {
  local file=$1 user=$2
  cat >"$file" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: kubex-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $STATE_DIR/pki/ca.crt
contexts:
- name: kubex-local
  context:
    cluster: kubex-local
    user: kubex-local
    namespace: default
current-context: kubex-local
users:
- name: kubex-local
  user:
$user
YAML
}

cert_user() {
  printf '    client-certificate: %s\n    client-key: %s\n' "$STATE_DIR/pki/$1.crt" "$STATE_DIR/pki/$1.key"
}
