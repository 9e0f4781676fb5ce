/**
 * The one module through which the generator uses the kubex runtime. Published, the
 * generator imports the installed `kubex` package instead (the build rewrites this path).
 */
export {
  createClient,
  KubexApiError,
  KubexAuthenticationError,
  KubexConfigurationError,
  loadKubeconfig,
  NotFound,
  type KubeRequest,
  type KubeResponse,
} from "../runtime/index.js";
