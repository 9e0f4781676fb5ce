export { dumpYaml, KubexManifestError, MAX_MANIFEST_TEXT, parseManifests, type ManifestObject } from "./yaml.js";
export {
  applyManifests, deleteManifests, KubexManifestApplyError,
  type ApplyManifestsOptions, type DeleteManifestsOptions, type DescriptorLookup, type ManifestAction, type ManifestResult,
} from "./apply.js";
