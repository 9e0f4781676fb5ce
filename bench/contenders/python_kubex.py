"""The Python kubex contender: same scenarios, counts and JSON result line as bench/lib/driver.mjs."""
import asyncio
import json
import os
import resource
import sys
import time

from kubex.api import Api
from kubex.client import create_client
from kubex.k8s.v1_35.core.v1.config_map import ConfigMap
from kubex.k8s.v1_35.core.v1.pod import Pod
from kubex_core.models.metadata import ObjectMetadata

S = json.loads(os.environ["BENCH_CONSTANTS"])
NS = S["NS"]
CC = S["CC"]


async def watch_count(api, want):
    n, stream = 0, api.watch()
    async for event in stream:
        if event.object.metadata and event.object.metadata.name:
            n += 1
        if n == want:
            break
    await stream.aclose()
    return n


async def once_client_cost(client, scenario):
    """One repetition of a client-cost scenario (bench/lib/fake-apiserver.mjs)."""
    ns = CC["NS"]
    pods = lambda n: Api(Pod, client=client, namespace=n)
    if scenario == "get-pod":
        api, lat = pods(ns["get"]), []
        for _ in range(CC["GET_CALLS"]):
            t = time.perf_counter()
            obj = await api.get(CC["GET_NAME"])
            lat.append((time.perf_counter() - t) * 1000)
            assert obj.metadata.name == CC["GET_NAME"]
        return len(lat), lat
    if scenario == "create-delete":
        api = Api(ConfigMap, client=client, namespace=ns["write"])
        for i in range(CC["CREATE_DELETE"]):
            await api.create(ConfigMap(metadata=ObjectMetadata(name=f"cd-{i}"), data={"k": "v"}))
            await api.delete(f"cd-{i}")
        return CC["CREATE_DELETE"], None
    if scenario == "concurrent-100-get-pod":
        api = pods(ns["get"])
        objs = await asyncio.gather(*(api.get(CC["GET_NAME"]) for _ in range(CC["CONCURRENT"])))
        return sum(1 for o in objs if o.metadata.name == CC["GET_NAME"]), None
    if scenario in ("list-500-pods", "list-5000-pods"):
        return len((await pods(ns["pods500" if scenario == "list-500-pods" else "pods5000"]).list()).items), None
    if scenario in ("watch-2000", "watch-20000"):
        want = 2000 if scenario == "watch-2000" else 20000
        return await watch_count(pods(ns["watch2000" if want == 2000 else "watch20000"]), want), None
    if scenario == "logs-10000-lines":
        # The bench server ends the log, so logs.stream (which always follows) ends too.
        n = 0
        async for _ in pods(ns["get"]).logs.stream(CC["LOG_POD"]):
            n += 1
        return n, None
    if scenario == "logs-10000-lines-whole":
        return len((await pods(ns["get"]).logs.get(CC["LOG_POD"])).splitlines()), None
    raise ValueError(f"unknown client-cost scenario {scenario!r}")


async def loop(client, scenario):
    """BENCH_LOOP=1: one repetition per "run" line on stdin (alternating rounds; see driver.mjs)."""
    run = once_client_cost if os.environ.get("BENCH_MODE") == "client-cost" else once
    if os.environ.get("BENCH_WARMUP") != "0":
        await run(client, scenario)
    print("BENCH_READY", flush=True)
    reader = asyncio.get_running_loop()
    while (await reader.run_in_executor(None, sys.stdin.readline)).strip() == "run":
        cpu0, t = time.process_time(), time.perf_counter()
        n, lat = await run(client, scenario)
        out = {"count": n, "wallMs": (time.perf_counter() - t) * 1000, "cpuMs": (time.process_time() - cpu0) * 1000,
               "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "peakHeapMb": None}
        if lat:
            lat.sort()
            out["p50Ms"] = lat[min(len(lat) - 1, len(lat) // 2)]
            out["p99Ms"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print("BENCH_RESULT " + json.dumps(out), flush=True)


async def once(client, scenario):
    cms = lambda ns: Api(ConfigMap, client=client, namespace=ns)
    pods = lambda ns: Api(Pod, client=client, namespace=ns)
    if scenario == "get":
        api, lat = cms(NS["get"]), []
        for _ in range(S["GET_CALLS"]):
            t = time.perf_counter()
            obj = await api.get(S["GET_NAME"])
            lat.append((time.perf_counter() - t) * 1000)
            assert obj.metadata.name == S["GET_NAME"]
        return len(lat), lat
    if scenario == "create-delete":
        api = cms(NS["write"])
        for i in range(S["CREATE_DELETE"]):
            name = f"cd-py-{os.getpid()}-{i}"
            await api.create(ConfigMap(metadata=ObjectMetadata(name=name), data={"k": "v"}))
            await api.delete(name)
        return S["CREATE_DELETE"], None
    if scenario in ("list-100-pods", "list-500-pods"):
        ns = NS["pods100"] if scenario == "list-100-pods" else NS["pods500"]
        return len((await pods(ns).list()).items), None
    if scenario == "list-5000-cm-paged":
        api, n, token = cms(NS["cm5000"]), 0, None
        while True:
            page = await api.list(limit=S["PAGE_LIMIT"], continue_token=token)
            n += len(page.items)
            token = page.metadata.continue_
            if not token:
                return n, None
    if scenario == "watch-1000":
        n, stream = 0, cms(NS["watch"]).watch()
        async for event in stream:
            if event.object.metadata and event.object.metadata.name:
                n += 1
            if n == S["WATCH_EVENTS"]:
                break
        await stream.aclose()
        return n, None
    if scenario == "concurrent-100-get":
        api = cms(NS["get"])
        objs = await asyncio.gather(*(api.get(S["GET_NAME"]) for _ in range(S["CONCURRENT"])))
        return sum(1 for o in objs if o.metadata.name == S["GET_NAME"]), None
    if scenario == "logs-10000-lines":
        api, n = pods(NS["get"]), 0
        # kubex's logs.stream always follows (kwok then never ends the stream): read whole logs.
        for _ in range(S["LOG_READS"]):
            n += len((await api.logs.get(S["LOG_POD"])).splitlines())
        return n, None
    raise ValueError(f"unknown scenario {scenario!r}")


async def main():
    scenario = os.environ["BENCH_SCENARIO"]
    reps = int(os.environ.get("BENCH_REPS", "5"))
    async with await create_client() as client:
        if os.environ.get("BENCH_LOOP") == "1":
            return await loop(client, scenario)
        if os.environ.get("BENCH_WARMUP") != "0":
            await once(client, scenario)
        wall, lat, count = [], [], -1
        cpu0 = time.process_time()
        for _ in range(reps):
            t = time.perf_counter()
            n, l = await once(client, scenario)
            wall.append((time.perf_counter() - t) * 1000)
            if count != -1 and n != count:
                raise RuntimeError(f"count changed between repetitions: {count} then {n}")
            count = n
            lat += l or []
        cpu = (time.process_time() - cpu0) * 1000 / reps
    out = {"count": count, "wallMs": wall, "cpuMs": cpu, "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "peakHeapMb": None}
    if lat:
        lat.sort()
        out["p50Ms"] = lat[min(len(lat) - 1, len(lat) // 2)]
        out["p99Ms"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print("BENCH_RESULT " + json.dumps(out), flush=True)


asyncio.run(main())
