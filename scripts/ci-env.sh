# Sourced by .ci/run: CI runs the whole suite against the cluster it builds, so every
# variable that points the suite elsewhere or narrows what it runs is cleared.
# KUBEX_CACHE stays: it only says where built binaries are cached.
export CI=true
for name in $(compgen -e); do
  case $name in
    KUBEX_CACHE) ;;
    KUBEX_* | BENCH_* | KUBECONFIG | SPEC | ENUMS) unset "$name" ;;
  esac
done
