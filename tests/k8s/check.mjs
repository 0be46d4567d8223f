// The offline check of Anju's Kubernetes manifests (issue 6, item 6).
//
//   node check.mjs --readme k8s/README.md NAME=RENDERED.yaml...
//
// Each RENDERED.yaml is the output of `kubectl kustomize` for one overlay
// (tests/k8s/run renders them with Debian's kubectl 1.20). Every object is
//  1. validated against the Kubernetes API schema (kubernetes-models, the
//     OpenAPI schema of Kubernetes 1.27 compiled to JSON-schema validators),
//     with unknown fields refused as the API server's strict field
//     validation does;
//  2. held to the project's rules: every container has liveness and
//     readiness probes, CPU and memory requests and limits, runs as non-root
//     on a read-only root filesystem without privilege escalation or
//     capabilities; every pod has its own ServiceAccount without an
//     automounted token; every Service, PodDisruptionBudget and
//     NetworkPolicy selects pods that exist; every ConfigMap, ConfigMap key,
//     PersistentVolumeClaim and autoscaler target a pod refers to exists;
//     every Secret exists in the overlay or is one the operator provides,
//     listed in k8s/README.md with its keys.
// Each failure is one line naming the overlay, the object and the rule;
// exit status 1 when there is any.

import fs from "node:fs";
import { parseAllDocuments } from "yaml";

const failures = [];
const notes = [];
function fail(overlay, object, rule, detail) {
  failures.push(`FAIL ${overlay}: ${object}: ${rule}: ${detail}`);
}

// --- 1. The Kubernetes API schema ------------------------------------------

async function modelFor(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion : `${apiVersion}`;
  let module;
  try {
    module = await import(`kubernetes-models/${group}`);
  } catch {
    return null;
  }
  return module[kind] ?? null;
}

// The compiled validators read every property their schema knows (also
// absent ones, `data.x === undefined`) and enumerate the keys of maps. A
// Proxy records both; any key of a read object that was neither read nor
// enumerated is a field the schema does not have.
function watched(value, path, seen) {
  if (value === null || typeof value !== "object") return value;
  const record = { path, read: new Set(), enumerated: false, value };
  seen.push(record);
  const target = Array.isArray(value)
    ? value.map((v, i) => watched(v, `${path}[${i}]`, seen))
    : Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, watched(v, `${path}.${k}`, seen)]));
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

async function validateSchema(overlay, object, label) {
  const Model = await modelFor(object.apiVersion ?? "", object.kind ?? "");
  if (!Model) {
    fail(overlay, label, "schema", `unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
    return;
  }
  const seen = [];
  const proxy = watched(object, "", seen);
  try {
    Model.prototype.validate.call(proxy);
  } catch (error) {
    const errors = error.errors ?? [{ instancePath: "", message: error.message }];
    for (const e of errors.slice(0, 5)) {
      fail(overlay, label, "schema", `${e.instancePath || "/"} ${e.message}` +
        (e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""));
    }
    return;
  }
  for (const r of seen) {
    if (Array.isArray(r.value) || r.enumerated || r.read.size === 0) continue;
    for (const key of Object.keys(r.value)) {
      if (!r.read.has(key)) {
        fail(overlay, label, "schema", `unknown field ${`${r.path}.${key}`.replace(/^\./, "")}`);
      }
    }
  }
}

// --- 2. The project's rules --------------------------------------------------

function selects(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    if (e.operator === "In" && !(has && e.values.includes(value))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(value)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job"]);

function checkRules(overlay, objects, operatorSecrets, pending, calls, dockerDir, sourceNames, plannedKeys) {
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
  const workloads = objects.filter((o) => WORKLOADS.has(o.kind));
  const podLabels = workloads.map((w) => w.spec?.template?.metadata?.labels ?? {});
  const selectsPods = (selector) => podLabels.some((labels) => selects(selector, labels));

  for (const w of workloads) {
    const label = `${w.kind}/${w.metadata.name}`;
    const pod = w.spec?.template?.spec ?? {};
    const podSc = pod.securityContext ?? {};
    const templateLabels = w.spec?.template?.metadata?.labels ?? {};
    if (w.spec?.selector && !selects(w.spec.selector, templateLabels)) {
      fail(overlay, label, "selector", "spec.selector does not match the pod template's labels");
    }
    // Its own ServiceAccount, no API token in the pod.
    const sa = pod.serviceAccountName;
    if (!sa || sa === "default") {
      fail(overlay, label, "service-account", "no serviceAccountName of its own");
    } else if (!named("ServiceAccount", sa)) {
      fail(overlay, label, "service-account", `ServiceAccount ${sa} is not in the overlay`);
    }
    const saObject = sa ? named("ServiceAccount", sa) : null;
    if (pod.automountServiceAccountToken !== false && saObject?.automountServiceAccountToken !== false) {
      fail(overlay, label, "service-account", "automountServiceAccountToken is not false");
    }
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    for (const v of pod.volumes ?? []) {
      if (v.configMap) {
        const cm = named("ConfigMap", v.configMap.name);
        if (!cm) {
          if (!v.configMap.optional) {
            fail(overlay, label, "configmap", `volume ${v.name}: ConfigMap ${v.configMap.name} is not in the overlay`);
          }
        } else {
          for (const item of v.configMap.items ?? []) {
            if (!(item.key in (cm.data ?? {})) && !(item.key in (cm.binaryData ?? {}))) {
              fail(overlay, label, "configmap-key", `volume ${v.name}: ConfigMap ${v.configMap.name} has no key ${item.key}`);
            }
          }
        }
      }
      if (v.secret) checkSecret(label, `volume ${v.name}`, v.secret.secretName, (v.secret.items ?? []).map((i) => i.key), v.secret.optional);
      if (v.persistentVolumeClaim && !named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)) {
        fail(overlay, label, "pvc", `volume ${v.name}: PersistentVolumeClaim ${v.persistentVolumeClaim.claimName} is not in the overlay`);
      }
    }
    const containers = [...(pod.initContainers ?? []).map((c) => [c, true]), ...(pod.containers ?? []).map((c) => [c, false])];
    for (const [c, init] of containers) {
      const where = `${label} container ${c.name}`;
      if (!init) {
        for (const probe of ["livenessProbe", "readinessProbe"]) {
          if (!c[probe]) fail(overlay, where, "probes", `no ${probe}`);
          const port = c[probe]?.grpc?.port;
          if (port !== undefined && !(c.ports ?? []).some((p) => p.containerPort === port)) {
            fail(overlay, where, "probes", `${probe}.grpc.port ${port} is not a containerPort`);
          }
        }
      }
      for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (c.resources?.[kind]?.[resource] === undefined) {
            fail(overlay, where, "resources", `no ${kind}.${resource}`);
          }
        }
      }
      const sc = c.securityContext ?? {};
      const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      const user = sc.runAsUser ?? podSc.runAsUser;
      if (nonRoot !== true) fail(overlay, where, "security-context", "runAsNonRoot is not true");
      if (user === 0) fail(overlay, where, "security-context", "runAsUser is 0");
      if (sc.readOnlyRootFilesystem !== true) fail(overlay, where, "security-context", "readOnlyRootFilesystem is not true");
      if (sc.allowPrivilegeEscalation !== false) fail(overlay, where, "security-context", "allowPrivilegeEscalation is not false");
      if (sc.privileged === true) fail(overlay, where, "security-context", "privileged");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(overlay, where, "security-context", "capabilities.drop lacks ALL");
      if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== "RuntimeDefault") {
        fail(overlay, where, "security-context", "seccompProfile is not RuntimeDefault");
      }
      for (const m of c.volumeMounts ?? []) {
        const v = volumes.get(m.name);
        if (!v) {
          fail(overlay, where, "volume", `volumeMount ${m.name} names no volume`);
          continue;
        }
        if (m.subPath && v.configMap && !v.configMap.items) {
          const cm = named("ConfigMap", v.configMap.name);
          if (cm && !(m.subPath in (cm.data ?? {}))) {
            fail(overlay, where, "configmap-key", `subPath ${m.subPath}: ConfigMap ${v.configMap.name} has no such key`);
          }
        }
        if (m.subPath && v.configMap?.items && !v.configMap.items.some((i) => i.path === m.subPath)) {
          fail(overlay, where, "configmap-key", `subPath ${m.subPath} is not a path of volume ${m.name}'s items`);
        }
      }
      for (const e of c.env ?? []) {
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef) {
          const cm = named("ConfigMap", cmRef.name);
          if (!cm && !cmRef.optional) fail(overlay, where, "configmap", `env ${e.name}: ConfigMap ${cmRef.name} is not in the overlay`);
          if (cm && !(cmRef.key in (cm.data ?? {}))) fail(overlay, where, "configmap-key", `env ${e.name}: ConfigMap ${cmRef.name} has no key ${cmRef.key}`);
        }
        const sRef = e.valueFrom?.secretKeyRef;
        if (sRef) checkSecret(where, `env ${e.name}`, sRef.name, [sRef.key], sRef.optional);
      }
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef && !named("ConfigMap", e.configMapRef.name) && !e.configMapRef.optional) {
          fail(overlay, where, "configmap", `envFrom: ConfigMap ${e.configMapRef.name} is not in the overlay`);
        }
        if (e.secretRef) checkSecret(where, "envFrom", e.secretRef.name, [], e.secretRef.optional);
      }
    }
  }

  function checkSecret(where, what, name, keys, optional) {
    const secret = named("Secret", name);
    if (secret) {
      for (const key of keys) {
        if (!(key in (secret.data ?? {})) && !(key in (secret.stringData ?? {}))) {
          fail(overlay, where, "secret-key", `${what}: Secret ${name} has no key ${key}`);
        }
      }
      return;
    }
    const documented = operatorSecrets.get(name);
    if (!documented) {
      if (!optional) {
        fail(overlay, where, "secret", `${what}: Secret ${name} is neither in the overlay nor listed in k8s/README.md as provided by the operator`);
      } else {
        fail(overlay, where, "secret", `${what}: optional Secret ${name} is not listed in k8s/README.md`);
      }
      return;
    }
    for (const key of keys) {
      if (!documented.has(key)) {
        fail(overlay, where, "secret-key", `${what}: key ${key} of Secret ${name} is not among its keys in k8s/README.md`);
      }
    }
  }

  // The files a service's configuration names (--config FILE from a
  // ConfigMap): every absolute path in it must be a file its pod mounts —
  // a key of a ConfigMap or Secret volume (by its items' paths), or a
  // writable volume.
  for (const w of workloads) {
    const pod = w.spec?.template?.spec ?? {};
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    for (const c of pod.containers ?? []) {
      const where = `${w.kind}/${w.metadata.name} container ${c.name}`;
      const args = [...(c.command ?? []), ...(c.args ?? [])];
      const at = args.indexOf("--config");
      if (at < 0 || !args[at + 1]) continue;
      const configPath = args[at + 1];
      const resolved = resolvePath(configPath, c, volumes);
      if (!resolved.ok) {
        fail(overlay, where, "config-file", `--config ${configPath}: ${resolved.why}`);
        continue;
      }
      if (!resolved.text) continue;
      let config;
      try {
        config = parseAllDocuments(resolved.text)[0]?.toJS() ?? {};
      } catch (error) {
        fail(overlay, where, "config-file", `--config ${configPath}: ${error.message}`);
        continue;
      }
      if (sourceNames) checkKeys(where, configPath, config, c);
      for (const [key, value] of flatten(config)) {
        if (typeof value !== "string" || !value.startsWith("/")) continue;
        const found = resolvePath(value, c, volumes);
        if (found.ok) continue;
        const pendingNote = pending.get(value);
        if (pendingNote) {
          notes.push(`${overlay}: ${where}: ${key}: ${value}: pending (${pendingNote})`);
          continue;
        }
        fail(overlay, where, "config-file", `${configPath}: ${key}: ${value}: ${found.why}`);
      }
    }
  }

  // Every key of the configuration (two levels deep) must be a name the
  // service's sources or common/ read (a quoted literal): the servers refuse
  // unknown keys at start. Keys planned for code not in main yet are notes.
  function checkKeys(where, configPath, config, container) {
    const service = /(?:^|\/)anju-([a-z]+)(?::|$)/.exec(container.image ?? "")?.[1];
    const names = service && sourceNames(service);
    if (!names) return;
    const visit = (object, prefix, depth) => {
      for (const [key, value] of Object.entries(object ?? {})) {
        const dotted = prefix ? `${prefix}.${key}` : key;
        const planned = plannedKeys.get(dotted);
        if (planned) {
          notes.push(`${overlay}: ${where}: ${configPath}: key ${dotted}: planned (${planned})`);
        } else if (!names.has(key)) {
          fail(overlay, where, "config-keys", `${configPath}: key ${dotted} is read nowhere in services/${service}/ or common/ (the server refuses unknown keys)`);
          continue;
        }
        if (depth < 1 && value && typeof value === "object" && !Array.isArray(value)) visit(value, dotted, depth + 1);
      }
    };
    visit(config, "", 0);
  }

  // Whether PATH is a file or folder the container mounts; the text of a
  // ConfigMap file, when it is one.
  function resolvePath(path, container, volumes) {
    const mounts = [...(container.volumeMounts ?? [])]
      .sort((a, b) => b.mountPath.length - a.mountPath.length);
    for (const m of mounts) {
      const base = m.mountPath.replace(/\/$/, "");
      if (path !== base && !path.startsWith(`${base}/`)) continue;
      const inner = m.subPath ? m.subPath : path.slice(base.length + 1);
      const v = volumes.get(m.name);
      if (!v) return { ok: false, why: `volumeMount ${m.name} names no volume` };
      if (!v.configMap && !v.secret) return { ok: true };
      if (inner === "") return { ok: true };
      const items = (v.configMap ?? v.secret).items;
      let keys;
      let data = {};
      if (v.configMap) {
        const cm = named("ConfigMap", v.configMap.name);
        data = cm?.data ?? {};
        keys = items ? items.map((i) => [i.path, i.key]) : Object.keys(data).map((k) => [k, k]);
      } else {
        const secret = named("Secret", v.secret.secretName);
        const documented = operatorSecrets.get(v.secret.secretName) ?? new Set();
        const all = secret ? Object.keys({ ...secret.data, ...secret.stringData }) : [...documented];
        keys = items ? items.map((i) => [i.path, i.key]) : all.map((k) => [k, k]);
      }
      const file = keys.find(([p]) => p === inner);
      if (file) return { ok: true, text: data[file[1]] };
      if (keys.some(([p]) => p.startsWith(`${inner}/`))) return { ok: true };
      return { ok: false, why: `not in volume ${m.name} (${v.configMap ? "ConfigMap " + v.configMap.name : "Secret " + v.secret.secretName}) mounted at ${m.mountPath}` };
    }
    return { ok: false, why: "under no volumeMount of the container" };
  }

  for (const s of byKind("Service")) {
    const label = `Service/${s.metadata.name}`;
    const selector = s.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) {
      fail(overlay, label, "service-selector", "no selector");
      continue;
    }
    const targets = workloads.filter((w) => selects({ matchLabels: selector }, w.spec?.template?.metadata?.labels ?? {}));
    if (targets.length === 0) {
      fail(overlay, label, "service-selector", `selects no Deployment's pods (${JSON.stringify(selector)})`);
      continue;
    }
    for (const port of s.spec?.ports ?? []) {
      if (typeof port.targetPort !== "string") continue;
      const hasName = targets.some((w) => (w.spec.template.spec.containers ?? []).some(
        (c) => (c.ports ?? []).some((p) => p.name === port.targetPort)));
      if (!hasName) fail(overlay, label, "service-port", `targetPort ${port.targetPort} is no container port's name`);
    }
  }

  for (const p of byKind("NetworkPolicy")) {
    const label = `NetworkPolicy/${p.metadata.name}`;
    if (!selectsPods(p.spec?.podSelector)) {
      fail(overlay, label, "networkpolicy", "spec.podSelector selects no pods of the overlay");
    }
    const peers = [...(p.spec?.ingress ?? []).flatMap((r) => r.from ?? []),
                   ...(p.spec?.egress ?? []).flatMap((r) => r.to ?? [])];
    for (const peer of peers) {
      // Pods of this namespace by label (a namespaceSelector points outside).
      if (peer.podSelector && !peer.namespaceSelector && !selectsPods(peer.podSelector)) {
        const wanted = JSON.stringify(peer.podSelector.matchLabels ?? peer.podSelector);
        if (!wanted.includes("anju.io/client")) {
          fail(overlay, label, "networkpolicy", `peer podSelector ${wanted} selects no pods of the overlay`);
        }
      }
    }
  }

  // Who may connect to whom: a connection from pod A to a port of pod B is
  // open when A's egress and B's ingress both allow it (a side that no
  // policy of that type selects is open). Compared with tests/k8s/calls.
  if (calls) {
    const policies = byKind("NetworkPolicy");
    const peerSelects = (peer, labels) =>
      peer.podSelector && !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, labels);
    const portMatches = (rules, port) => !rules.ports || rules.ports.length === 0 ||
      rules.ports.some((p) => (p.port === undefined || p.port === port.containerPort || p.port === port.name) &&
                              (p.protocol ?? "TCP") === (port.protocol ?? "TCP"));
    const allows = (self, other, port, type) => {
      const applying = policies.filter((p) => (p.spec.policyTypes ?? ["Ingress"]).includes(type) &&
                                              selects(p.spec.podSelector, self));
      if (applying.length === 0) return true;
      return applying.some((p) => ((type === "Ingress" ? p.spec.ingress : p.spec.egress) ?? []).some(
        (r) => portMatches(r, port) &&
          ((type === "Ingress" ? r.from : r.to) === undefined ||
           (type === "Ingress" ? r.from : r.to).some((peer) => peerSelects(peer, other)))));
    };
    for (const a of workloads) {
      for (const b of workloads) {
        if (a === b) continue;
        const la = a.spec.template.metadata.labels ?? {};
        const lb = b.spec.template.metadata.labels ?? {};
        const from = la["app.kubernetes.io/name"];
        const to = lb["app.kubernetes.io/name"];
        const ports = (b.spec.template.spec.containers ?? []).flatMap((c) => c.ports ?? []);
        const open = ports.filter((port) => allows(la, lb, port, "Egress") && allows(lb, la, port, "Ingress"));
        const wanted = calls.has(`${from} -> ${to}`);
        if (open.length && !wanted) {
          fail(overlay, `NetworkPolicy (${from} -> ${to})`, "networkpolicy-calls",
               `${from} may connect to ${to}:${open.map((p) => p.containerPort).join(",")}, a call the design does not make (tests/k8s/calls)`);
        }
        if (!open.length && wanted) {
          fail(overlay, `NetworkPolicy (${from} -> ${to})`, "networkpolicy-calls",
               `${from} cannot connect to ${to}, a call the design makes (tests/k8s/calls)`);
        }
      }
    }
  }

  // The images: docker/<service>/Dockerfile of every anju-<service>
  // container runs as the pod's UID, exposes its port and takes --config.
  if (dockerDir) {
    for (const w of workloads) {
      for (const c of w.spec.template.spec.containers ?? []) {
        const service = /(?:^|\/)anju-([a-z]+)(?::|$)/.exec(c.image ?? "")?.[1];
        if (!service) continue;
        const where = `${w.kind}/${w.metadata.name} container ${c.name}`;
        const file = `${dockerDir}/${service}/Dockerfile`;
        if (!fs.existsSync(file)) {
          fail(overlay, where, "image", `no ${file}`);
          continue;
        }
        const text = fs.readFileSync(file, "utf8");
        const user = /^USER\s+(\d+)/m.exec(text)?.[1];
        const podUser = c.securityContext?.runAsUser ?? w.spec.template.spec.securityContext?.runAsUser;
        if (!user || Number(user) !== podUser) fail(overlay, where, "image", `${file}: USER ${user ?? "(none)"} is not runAsUser ${podUser}`);
        const exposed = [...text.matchAll(/^EXPOSE\s+(.+)$/gm)].flatMap((m) => m[1].split(/\s+/)).map((p) => Number(p.split("/")[0]));
        for (const port of c.ports ?? []) {
          if (!exposed.includes(port.containerPort)) fail(overlay, where, "image", `${file}: does not EXPOSE ${port.containerPort}`);
        }
        if (!new RegExp(`^ENTRYPOINT \\["/usr/local/bin/anju-${service}", "--config"`, "m").test(text)) {
          fail(overlay, where, "image", `${file}: ENTRYPOINT is not anju-${service} --config`);
        }
      }
    }
  }

  // Default deny: every pod is isolated both ways (some NetworkPolicy of
  // each type selects it), so only what a policy allows gets through.
  for (const w of workloads) {
    const labels = w.spec?.template?.metadata?.labels ?? {};
    for (const type of ["Ingress", "Egress"]) {
      const isolated = byKind("NetworkPolicy").some((p) =>
        (p.spec?.policyTypes ?? ["Ingress"]).includes(type) && selects(p.spec?.podSelector, labels));
      if (!isolated) {
        fail(overlay, `${w.kind}/${w.metadata.name}`, "networkpolicy-default-deny", `no NetworkPolicy of type ${type} selects its pods`);
      }
    }
  }

  for (const b of byKind("PodDisruptionBudget")) {
    if (!selectsPods(b.spec?.selector)) {
      fail(overlay, `PodDisruptionBudget/${b.metadata.name}`, "pdb", "selects no pods of the overlay");
    }
  }
  for (const h of byKind("HorizontalPodAutoscaler")) {
    const ref = h.spec?.scaleTargetRef ?? {};
    if (!named(ref.kind, ref.name)) {
      fail(overlay, `HorizontalPodAutoscaler/${h.metadata.name}`, "hpa", `scaleTargetRef ${ref.kind}/${ref.name} is not in the overlay`);
    }
  }
}

// The table of k8s/README.md's "Secrets the operator provides": rows
// `| \`NAME\` | \`key\`, \`key\` | ...`.
// [dotted key, value] of every scalar of a parsed configuration.
function flatten(value, prefix = "") {
  if (value === null || typeof value !== "object") return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) =>
    flatten(v, prefix ? `${prefix}.${k}` : k));
}

// tests/k8s/pending: files a configuration names that come with a service
// still on its branch ("PATH  why" a line); reported as notes, not failures.
function readPending(file) {
  const pending = new Map();
  if (!fs.existsSync(file)) return pending;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^(\/\S+)\s+(.*)$/.exec(line.trim());
    if (m) pending.set(m[1], m[2]);
  }
  return pending;
}

function readOperatorSecrets(readme) {
  const secrets = new Map();
  let inSection = false;
  for (const line of fs.readFileSync(readme, "utf8").split("\n")) {
    if (line.startsWith("#")) inSection = /Secrets the operator provides/.test(line);
    if (!inSection || !line.startsWith("| `")) continue;
    const cells = line.split("|").map((c) => c.trim());
    const name = /`([^`]+)`/.exec(cells[1])?.[1];
    const keys = [...(cells[2] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    if (name) secrets.set(name, new Set(keys));
  }
  return secrets;
}

// Every YAML file under DIR (but generated data copies) parses strictly:
// kustomize v2 lets a duplicate key (a lost `---`) silently win.
function lint(dir) {
  for (const file of fs.readdirSync(dir, { recursive: true })) {
    if (!/\.ya?ml$/.test(file) || /(^|\/)data\//.test(file)) continue;
    for (const doc of parseAllDocuments(fs.readFileSync(`${dir}/${file}`, "utf8"))) {
      for (const e of [...doc.errors, ...doc.warnings]) {
        fail("source", `${dir}/${file}`, "yaml", e.message.split("\n")[0]);
      }
    }
  }
}

async function main() {
  const args = process.argv.slice(2);
  for (let i = args.indexOf("--lint"); i >= 0; i = args.indexOf("--lint")) {
    lint(args[i + 1]);
    args.splice(i, 2);
  }
  const readmeAt = args.indexOf("--readme");
  if (readmeAt < 0 || args.length < readmeAt + 3) {
    console.error("usage: node check.mjs --readme k8s/README.md NAME=RENDERED.yaml...");
    process.exit(2);
  }
  const operatorSecrets = readOperatorSecrets(args[readmeAt + 1]);
  if (operatorSecrets.size === 0) {
    console.error(`${args[readmeAt + 1]}: no "Secrets the operator provides" table`);
    process.exit(2);
  }
  const callsAt = args.indexOf("--calls");
  const calls = callsAt >= 0 ? new Set(fs.readFileSync(args[callsAt + 1], "utf8").split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))) : null;
  const sourcesAt = args.indexOf("--sources");
  const sourcesRoot = sourcesAt >= 0 ? args[sourcesAt + 1] : null;
  const namesCache = new Map();
  const sourceNames = sourcesRoot && ((service) => {
    if (!namesCache.has(service)) {
      const folder = `${sourcesRoot}/services/${service}`;
      if (!fs.existsSync(folder)) return null;
      const names = new Set();
      for (const dir of [folder, `${sourcesRoot}/common`]) {
        for (const file of fs.readdirSync(dir, { recursive: true })) {
          if (!/\.(cc|h)$/.test(file)) continue;
          for (const m of fs.readFileSync(`${dir}/${file}`, "utf8").matchAll(/"([a-z][a-z0-9_]*)"/g)) names.add(m[1]);
        }
      }
      namesCache.set(service, names);
    }
    return namesCache.get(service);
  });
  const plannedAt = args.indexOf("--planned-keys");
  const plannedKeys = new Map();
  if (plannedAt >= 0) {
    for (const line of fs.readFileSync(args[plannedAt + 1], "utf8").split("\n")) {
      const m = /^([a-z][a-z0-9_.]*)\s+(.*)$/.exec(line.trim());
      if (m) plannedKeys.set(m[1], m[2]);
    }
  }
  const dockerAt = args.indexOf("--docker");
  const dockerDir = dockerAt >= 0 ? args[dockerAt + 1] : null;
  const pendingAt = args.indexOf("--pending");
  const pending = pendingAt >= 0 ? readPending(args[pendingAt + 1]) : new Map();
  const inputs = args.filter((_, i) => i !== readmeAt && i !== readmeAt + 1 &&
                                       (pendingAt < 0 || (i !== pendingAt && i !== pendingAt + 1)) &&
                                       (callsAt < 0 || (i !== callsAt && i !== callsAt + 1)) &&
                                       (dockerAt < 0 || (i !== dockerAt && i !== dockerAt + 1)) &&
                                       (sourcesAt < 0 || (i !== sourcesAt && i !== sourcesAt + 1)) &&
                                       (plannedAt < 0 || (i !== plannedAt && i !== plannedAt + 1)));
  for (const input of inputs) {
    const [overlay, file] = input.split("=");
    const documents = parseAllDocuments(fs.readFileSync(file, "utf8"));
    const objects = [];
    for (const doc of documents) {
      if (doc.errors.length) {
        fail(overlay, file, "yaml", doc.errors[0].message);
        continue;
      }
      const object = doc.toJS();
      if (object) objects.push(object);
    }
    const seen = new Set();
    for (const object of objects) {
      const label = `${object.kind}/${object.metadata?.name}`;
      if (seen.has(label)) fail(overlay, label, "unique", "defined twice");
      seen.add(label);
      await validateSchema(overlay, object, label);
    }
    const present = new Set(objects.filter((o) => WORKLOADS.has(o.kind)).map((o) => o.metadata.name));
    const overlayCalls = calls && new Set([...calls].filter((c) => c.split(" -> ").every((n) => present.has(n))));
    checkRules(overlay, objects, operatorSecrets, pending, overlayCalls, dockerDir, sourceNames, plannedKeys);
    console.log(`${overlay}: ${objects.length} objects checked`);
  }
  for (const n of notes) console.log(`note ${n}`);
  for (const f of failures) console.log(f);
  if (failures.length) {
    console.log(`${failures.length} failure(s)`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
