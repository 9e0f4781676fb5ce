/**
 * The one module through which the generator uses the kubex runtime. Published, the
 * generator imports the installed `kubex` package instead (in this repository, tsconfig.json maps `kubex` to the runtime sources).
 */
export {
  createClient,
  KubexApiError,
  KubexAuthenticationError,
  KubexConfigurationError,
  loadConfiguration,
  loadKubeconfig,
  NotFound,
  type KubeRequest,
  type KubeResponse,
} from "kubex";
