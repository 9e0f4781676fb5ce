export { dumpYaml, KubexManifestError, MAX_MANIFEST_TEXT, parseManifests, type ManifestObject } from "./yaml.js";
