// The official @kubernetes/client-node, used as its documentation shows.
import { Writable } from "node:stream";
import { CoreV1Api, KubeConfig, Log, Watch } from "@kubernetes/client-node";
import { drive } from "../lib/driver.mjs";

const kc = new KubeConfig();
kc.loadFromFile(process.env.KUBECONFIG);
const core = kc.makeApiClient(CoreV1Api);
const watcher = new Watch(kc);
const log = new Log(kc);

function watch(path, want) {
  return new Promise((resolve, reject) => {
    let n = 0;
    let controller;
    watcher
      .watch(path, {}, (_type, obj) => {
        if (obj.metadata?.name) n++;
        if (n === want) {
          resolve(n);
          controller?.abort();
        }
      }, (err) => (n < want ? reject(err ?? new Error(`watch ended after ${n} events`)) : undefined))
      .then((c) => { controller = c; if (n >= want) c.abort(); }, reject);
  });
}

await drive({
  get: (namespace, name) => core.readNamespacedConfigMap({ name, namespace }),
  getPod: (namespace, name) => core.readNamespacedPod({ name, namespace }),
  async createDelete(namespace, name) {
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: { k: "v" } } });
    await core.deleteNamespacedConfigMap({ name, namespace });
  },
  async listPods(namespace) {
    return (await core.listNamespacedPod({ namespace })).items.length;
  },
  async listPaged(namespace, limit) {
    let n = 0;
    let token;
    do {
      const page = await core.listNamespacedConfigMap({ namespace, limit, _continue: token });
      n += page.items.length;
      token = page.metadata?._continue;
    } while (token);
    return n;
  },
  watch: (namespace, want) => watch(`/api/v1/namespaces/${namespace}/configmaps`, want),
  watchPods: (namespace, want) => watch(`/api/v1/namespaces/${namespace}/pods`, want),
  logLines(namespace, pod) {
    return new Promise((resolve, reject) => {
      let n = 0;
      let rest = "";
      const sink = new Writable({
        write(chunk, _enc, cb) {
          const parts = (rest + chunk.toString()).split("\n");
          rest = parts.pop();
          n += parts.length;
          cb();
        },
      });
      sink.on("finish", () => resolve(n + (rest ? 1 : 0)));
      log.log(namespace, pod, "", sink, { follow: false }).catch(reject);
    });
  },
  async logLinesWhole(namespace, name) {
    const lines = (await core.readNamespacedPodLog({ name, namespace })).split("\n");
    return lines.at(-1) === "" ? lines.length - 1 : lines.length;
  },
});
