export type * from "./types.js";
export { loadConfiguration, type LoadConfigurationOptions } from "./load.js";
export { loadKubeconfig, fromKubeconfig, kubeconfigPaths, type KubeconfigOptions } from "./kubeconfig.js";
export { loadInCluster, isInCluster, serviceAccountDir, type InClusterOptions } from "./in-cluster.js";
export { ExecCredentialProvider } from "./exec-plugin.js";
export { OidcProvider, type OidcConfig } from "./oidc.js";
export { TokenFileProvider } from "./token-file.js";
export { redactUrl } from "./secrets.js";
