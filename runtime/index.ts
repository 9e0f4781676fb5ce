/** kubex: a typed Kubernetes client. Everything users import is listed here by name. */

// Errors: the Kubex* classes, and one class per Kubernetes API failure reason.
export {
  KubexError, KubexClientError, KubexTimeoutError, KubexProtocolError, KubexConfigurationError, KubexArgumentError,
  KubexAuthenticationError, KubexClosedError, KubexApiError, MAX_ERROR_MESSAGE_LENGTH,
  BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, Conflict, AlreadyExists, Gone, UnsupportedMediaType,
  Invalid, UnprocessableEntity, TooManyRequests, InternalError, ServerTimeout,
  type Status, type StatusDetails, type StatusCause,
} from "./errors.js";

// Resource descriptors: what generated code and `defineResource` produce, and the types read from them.
export {
  defineResource, type resourceObjectType,
  type ResourceDescriptor, type ResourceDescriptorInit, type AnyResourceDescriptor, type ObjectOf, type SubresourceOf,
  type VerbOf, type IsNamespaced, type DefaultVerb,
} from "./resource/descriptor.js";

// Configuration: kubeconfig, in-cluster, and the credential providers they create.
export type { Credentials, CredentialProvider, Impersonation, TlsConfiguration, ClientConfiguration } from "./configuration/types.js";
export { loadConfiguration, type LoadConfigurationOptions } from "./configuration/load.js";
export { loadKubeconfig, kubeconfigPaths, type KubeconfigOptions } from "./configuration/kubeconfig.js";
export { loadInCluster, isInCluster, serviceAccountDir, type InClusterOptions } from "./configuration/in-cluster.js";
export { ExecCredentialProvider, type ExecClusterInfo } from "./configuration/exec-plugin.js";
export type { ExecConfig } from "./configuration/kubeconfig-schema.js";
export { OidcProvider, type OidcConfig } from "./configuration/oidc.js";
export { TokenFileProvider } from "./configuration/token-file.js";
export { redactUrl } from "./configuration/secrets.js";

// Clients: creating one, its options, and the request/response shapes a custom client implements.
export { BaseClient } from "./client/base-client.js";
export { HttpClient } from "./client/http-client.js";
export { UndiciClient } from "./client/undici-client.js";
export { FetchClient } from "./client/fetch-client.js";
export { createClient, type Backend, type CreateClientInit } from "./client/create-client.js";
export type { JsRuntime } from "./client/runtime-detect.js";
export type { ClientOptions, Http2Options, ProxyMap } from "./client/options.js";
export type { WarningHandler } from "./client/warnings.js";
export type { HttpMethod, QueryParams, KubeRequest, ResponseHeaders, KubeResponse, WebSocketRequest } from "./client/request.js";
export type { Timeout, TimeoutInput } from "./client/timeout.js";
export type { WebSocketConnection } from "./client/websocket/connection.js";

// The typed Api: calls, options, object shapes, patches, and subresource accessors.
export { Api, type ApiBase, type ApiConstructor, type ApiOptions, type ApplyObject } from "./api/api.js";
export type { SubresourceAccessorsOf } from "./api/subresources.js";
export { CopyAccessor, WorkloadPortForwardAccessor, type TaskAccessorsOf, type TargetCallOptions } from "./api/task-accessors.js";
export { jsonPointer, type DeepPartial, type JsonPatchOperation, type MergePatchType, type PatchType } from "./api/patch.js";
export type { GetOptions, WriteCallOptions } from "./api/requests.js";
export { SubresourceAccessor, LogsAccessor, EvictionAccessor, type PatchOptions } from "./api/accessors.js";
export { MetadataAccessor } from "./api/metadata.js";
export { isAbortError } from "./api/abort.js";
export type {
  ObjectMeta, ListMeta, KubernetesObject, ObjectList, WatchEventType, BookmarkObject, WatchEvent, PartialObjectMetadata,
  PartialObjectMetadataList, Scale, Preconditions, DeleteOptions, Eviction,
} from "./api/meta.js";
export type {
  CallOptions, NamespaceOption, WriteOptions, SelectorOptions, ListOptions, ListScope, WatchOptions, LogOptions, DeleteCallOptions,
} from "./api/options.js";

// exec, attach and port-forward: the accessors on pods and the sessions they open.
export {
  ExecAccessor, AttachAccessor, PortForwardAccessor, StreamSession,
  type ExecResult, type ExecRunOptions, type ExecStreamOptions, type AttachOptions, type PortForwardOptions, type PortForwardListenOptions,
} from "./stream/accessors.js";
export type { PortStream, PortForwardSession, PortForwardListener } from "./stream/portforward.js";
export type { ExitInfo, StdinWriter, PipeTargets, OutputSink, NodeWritableLike } from "./stream/session.js";
export { KubexNoReadyPodError } from "./stream/forward-target.js";
export { forwardTo, listenTo, resolveForwardTarget, type ForwardCallOptions, type ForwardTargetKind, type ForwardTargetRef, type ResolvedForwardTarget } from "./workloads/port-forward.js";
export { portStreamDuplex } from "./stream/duplex.js";

// Watching over time: the watcher (reconnecting event stream), Store, and Informer.
export { watcher, type WatcherOptions, type WatcherRetry } from "./watcher/watcher.js";
export { objectKey, type WatcherEvent, type WatcherEventType } from "./watcher/events.js";
export { Store, type StoreOptions, type IndexFunction, type ReadonlyDeep } from "./watcher/store.js";
export { Informer, type InformerConstructor, type InformerHandlers, type InformerOptions, type DeleteInfo } from "./watcher/informer.js";

// Retries and client-side rate limiting of requests.
export {
  Backoff, defaultBackoff, withRetry, retryVerdict, isIdempotent, transportCode, validateRetryPolicy, defaultRetryPolicy,
  type BackoffOptions, type RetryPolicy, type RetryNotice, type RetryableRequest, type RetryVerdict,
} from "./client/retry.js";
export { TokenBucket, validateRateLimit, type RateLimit } from "./client/rate-limit.js";

// Quantities: parsing, arithmetic and comparison of resource amounts.
export { Quantity, compareQuantities } from "./quantity/quantity.js";
export type { QuantityFormat } from "./quantity/grammar.js";

// Manifests: YAML in and out, apply and delete of many objects.
export { dumpYaml, KubexManifestError, MAX_MANIFEST_TEXT, parseManifests, type ManifestObject } from "./manifests/yaml.js";
export {
  applyManifests, deleteManifests, KubexManifestApplyError,
  type ApplyManifestsOptions, type DeleteManifestsOptions, type DescriptorLookup, type ManifestAction, type ManifestResult,
} from "./manifests/apply.js";

// Discovery: descriptors for resources known only at run time.
export { descriptorFromResourceList, Discovery, discoveryFor, resolve, type APIResource, type APIResourceList, type DiscoveredDescriptor } from "./discovery/discovery.js";

// API lifecycle: when each built-in kind was introduced, deprecated and removed, and its replacement.
export { lifecycle, type KindLifecycle, type LifecycleKey, type LifecycleOf } from "./lifecycle.js";

// Metrics: node and pod usage from metrics.k8s.io.
export { NodeMetrics, PodMetrics, type ContainerMetrics, type ResourceUsage } from "./metrics/types.js";
export { topNodes, topPods, type TopCallOptions, type NodeTop, type PodTop, type ResourceUse } from "./metrics/top.js";

// Copying files to and from containers.
export { copyFromPod, copyToPod, KubexCopyError, type CopyOptions, type CopyResult } from "./cp/cp.js";
export type { SkippedEntry } from "./cp/local-files.js";
