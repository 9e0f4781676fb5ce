export { descriptorFromResourceList, Discovery, discoveryFor, resolve, type APIResource, type APIResourceList, type DiscoveredDescriptor } from "./discovery.js";
